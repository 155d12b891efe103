// What the browser tests check in the page (tests/browser.py evaluates this object).
({
    // What makes the page scroll sideways, or sticks out of the viewport (cut off by an
    // overflow, or scrolled within a box): empty when the page reflows.
    reflowProblems: () => {
        const root = document.documentElement;
        const width = root.clientWidth;
        const problems = [];
        if (root.scrollWidth > width) {
            problems.push(`the page is ${root.scrollWidth}px wide in a ${width}px viewport`);
        }
        const hidden = (el) => {
            // Visually hidden on purpose: clipped to nothing, or a 1px box that hides overflow.
            for (let node = el; node && node !== document.body; node = node.parentElement) {
                const style = getComputedStyle(node);
                if (style.clip !== "auto" || style.clipPath !== "none") return true;
                const box = node.getBoundingClientRect();
                if (box.width <= 1 && box.height <= 1 && style.overflow !== "visible") return true;
            }
            return false;
        };
        const reported = [];
        for (const el of document.body.querySelectorAll("*")) {
            const box = el.getBoundingClientRect();
            if (box.width === 0 || box.height === 0) continue;
            if (box.right <= width + 1 && box.left >= -1) continue;
            if (box.right <= 0) continue;  // parked off-screen until focused (the skip link)
            if (getComputedStyle(el).visibility === "hidden" || hidden(el)) continue;
            if (reported.some((outer) => outer.contains(el))) continue;
            reported.push(el);
            const name = el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
            const text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 50);
            problems.push(`${name} spans ${Math.round(box.left)}-${Math.round(box.right)}px: "${text}"`);
        }
        return problems;
    },

    // Why the focus on `el` would be hard to see: no outline, a thin one, one of less than
    // 3:1 against the colours around it, or off-screen; null when it is clear.
    focusProblem: (el) => {
        if (!el || el === document.body || el === document.documentElement) return "no element has the focus";
        const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " +
            JSON.stringify((el.innerText || el.value || el.getAttribute("aria-label") || el.name || "").trim().slice(0, 40));
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) return `${name} has the focus but is not shown`;
        if (box.bottom < 0 || box.top > innerHeight || box.right < 0 || box.left > innerWidth) {
            return `${name} has the focus off-screen`;
        }
        const style = getComputedStyle(el);
        const width = parseFloat(style.outlineWidth) || 0;
        if (style.outlineStyle === "none" || width < 2) {
            return `${name} has no focus outline`;
        }
        const rgba = (text) => {
            const m = text.match(/rgba?\(([^)]+)\)/);
            if (!m) return [0, 0, 0, 0];
            const parts = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
            return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
        };
        const background = (node) => {
            // The colour painted under `node`: its own background over its ancestors', to white.
            let colour = null, layers = [];
            for (; node; node = node.parentElement) {
                const c = rgba(getComputedStyle(node).backgroundColor);
                if (c[3] > 0) layers.push(c);
                if (c[3] >= 1) break;
            }
            colour = [255, 255, 255];
            for (const [r, g, b, a] of layers.reverse()) {
                colour = [r * a + colour[0] * (1 - a), g * a + colour[1] * (1 - a), b * a + colour[2] * (1 - a)];
            }
            return colour;
        };
        const luminance = ([r, g, b]) => {
            const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        };
        const contrast = (a, b) => {
            const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
            return (hi + 0.05) / (lo + 0.05);
        };
        const ring = rgba(style.outlineColor).slice(0, 3);
        const away = (parseFloat(style.outlineOffset) || 0) + width / 2;
        const cx = (box.left + box.right) / 2, cy = (box.top + box.bottom) / 2;
        let worst = Infinity;
        for (const [x, y] of [[box.left - away, cy], [box.right + away, cy], [cx, box.top - away], [cx, box.bottom + away]]) {
            if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
            const under = document.elementsFromPoint(x, y).find((node) => node !== el && !el.contains(node));
            worst = Math.min(worst, contrast(ring, background(under || document.body)));
        }
        if (worst < 3) return `${name}: its focus outline has a contrast of ${worst.toFixed(2)}:1 with what is around it`;
        return null;
    },
})
