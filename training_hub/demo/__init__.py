"""Demo data for `make run`: the catalogue, accounts for every role, officials, training
needs and nominations in every status, a certificate.

Safe to load twice: only what is missing is created.
"""

from ..models import Member, User
from ..roles import Role
from ..services import user_create
from .catalogue import load_demo_catalogue, load_demo_centres
from .coordination import load_demo_coordination
from .nominations import load_demo_nominations
from .translations import load_demo_translations

DEMO_PASSWORD = "bali-process-demo"

# username → (role, member code, centre slugs, first name, last name)
ACCOUNTS = {
    "rso": (Role.RSO, None, [], "Ratana", "Srisuk"),
    "director.jclec": (Role.DIRECTOR, None, ["jclec"], "Budi", "Santoso"),
    "director.jeju": (Role.DIRECTOR, None, ["cifal-jeju"], "Min-jun", "Kim"),
    "focal.id": (Role.FOCAL_POINT, "ID", [], "Siti", "Rahayu"),
    "focal.th": (Role.FOCAL_POINT, "TH", [], "Somchai", "Wongsakul"),
    "focal.vn": (Role.FOCAL_POINT, "VN", [], "Minh Anh", "Vu"),
    "focal.kh": (Role.FOCAL_POINT, "KH", [], "Sokha", "Chan"),
    "trainee.id": (Role.TRAINEE, "ID", [], "Dewi", "Lestari"),
    "trainee.id2": (Role.TRAINEE, "ID", [], "Agus", "Pratama"),
    "trainee.th": (Role.TRAINEE, "TH", [], "Nattaya", "Chaiyaphum"),
}

# The login printed for each role by `make run`.
DEMO_LOGINS = {
    Role.RSO: "rso",
    Role.DIRECTOR: "director.jclec",
    Role.FOCAL_POINT: "focal.id",
    Role.TRAINEE: "trainee.id",
}


def load_demo_data():
    """Create what is missing; never changes or duplicates what is already there.

    The RSO account comes first, then the centres (created as that RSO, as they would be in
    the admin), then the other accounts, whose directors are given their centres, then
    the catalogue, then the officials, needs and nominations (`nominations.toml`).
    """
    members = {m.code: m for m in Member.objects.all()}
    existing = set(User.objects.filter(username__in=ACCOUNTS).values_list("username", flat=True))
    rso = _load_account(DEMO_LOGINS[Role.RSO], members=members, centres={})
    centres = load_demo_centres(user=rso)
    for username in ACCOUNTS:
        _load_account(username, members=members, centres=centres)
    load_demo_catalogue(user=rso)
    load_demo_translations(user=rso)
    load_demo_nominations(user=rso, password=DEMO_PASSWORD)
    _load_demo_certificates(rso)
    load_demo_coordination(user=rso)
    return [username for username in ACCOUNTS if username not in existing]


def _load_account(username, *, members, centres):
    """The demo account `username` of `ACCOUNTS`, created when missing."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    role, member_code, centre_slugs, first, last = ACCOUNTS[username]
    return user_create(
        username=username,
        password=DEMO_PASSWORD,
        role=role,
        member=members.get(member_code),
        centres=[centres[slug] for slug in centre_slugs],
        first_name=first,
        last_name=last,
        email=f"{username}@example.org",
    )


DEMO_CERTIFICATE_CODE = "JCLE-CDEM-7K4P"


def _load_demo_certificates(user):
    from certificates.demo import load_demo_certificates

    load_demo_certificates(user=user)
