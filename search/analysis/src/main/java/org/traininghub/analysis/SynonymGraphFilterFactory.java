package org.traininghub.analysis;

import java.io.IOException;
import java.io.StringReader;
import java.text.ParseException;
import java.util.List;
import java.util.function.Function;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.synonym.WordnetSynonymParser;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;

/**
 * synonym_graph with analysis-common's settings: rules in `synonyms` (or a file in
 * `synonyms_path`), `format` solr or wordnet, `expand`, `lenient` and `updateable`. The rules
 * are analysed by the chain in front of the filter, so "ILO" meets the lowercased "ilo".
 */
final class SynonymGraphFilterFactory extends AbstractTokenFilterFactory {
    private final Environment environment;
    private final Settings settings;
    private final String format;
    private final boolean expand;
    private final boolean lenient;
    private final AnalysisMode mode;

    SynonymGraphFilterFactory(IndexSettings index, Environment environment, String name, Settings settings) {
        super(name, settings);
        this.environment = environment;
        this.settings = settings;
        this.format = settings.get("format", "solr");
        if (!format.equals("solr") && !format.equals("wordnet")) {
            throw new IllegalArgumentException("[" + name + "]: unknown synonym format [" + format + "]");
        }
        if (settings.get("synonyms_set") != null) {
            throw new IllegalArgumentException(
                "[" + name + "]: synonyms_set (synonym sets in an index) is not supported by the test node's analysis plugin");
        }
        if (settings.get("synonyms") == null && settings.getAsList("synonyms").isEmpty() && settings.get("synonyms_path") == null) {
            throw new IllegalArgumentException(
                "synonym requires either `synonyms`, `synonyms_path` or `synonyms_set` to be configured");
        }
        this.expand = settings.getAsBoolean("expand", true);
        this.lenient = settings.getAsBoolean("lenient", false);
        this.mode = settings.getAsBoolean("updateable", false) ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
    }

    @Override
    public TokenStream create(TokenStream in) {
        throw new IllegalStateException("synonym_graph [" + name() + "] is built for its analysis chain first");
    }

    @Override
    public AnalysisMode getAnalysisMode() {
        return mode;
    }

    @Override
    public TokenFilterFactory getChainAwareTokenFilterFactory(
        IndexCreationContext context,
        TokenizerFactory tokenizer,
        List<CharFilterFactory> charFilters,
        List<TokenFilterFactory> previous,
        Function<String, TokenFilterFactory> allFilters
    ) {
        Analyzer chain = new CustomAnalyzer(
            tokenizer,
            charFilters.toArray(new CharFilterFactory[0]),
            previous.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new));
        SynonymMap synonyms = parse(chain);
        String name = name();
        AnalysisMode analysisMode = mode;
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream in) {
                // No rule at all: Lucene's filter refuses an empty map, the stream passes as is.
                return synonyms.fst == null ? in : new SynonymGraphFilter(in, synonyms, false);
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                throw new IllegalArgumentException("Token filter [" + name + "] cannot be used to parse synonyms");
            }

            @Override
            public AnalysisMode getAnalysisMode() {
                return analysisMode;
            }
        };
    }

    private SynonymMap parse(Analyzer chain) {
        List<String> rules = Analysis.getWordList(environment, settings, "synonyms");
        try {
            SynonymMap.Parser parser = format.equals("wordnet")
                ? new WordnetSynonymParser(true, expand, chain)
                : new SolrSynonymParser(true, expand, chain);
            if (lenient) {
                // A rule that does not parse (or analyses to nothing) is skipped, not fatal.
                for (String rule : rules) {
                    try {
                        parser.parse(new StringReader(rule));
                    } catch (ParseException | IllegalArgumentException skipped) {
                        // as upstream's lenient mode: the other rules still apply
                    }
                }
            } else {
                parser.parse(new StringReader(String.join("\n", rules)));
            }
            return parser.build();
        } catch (ParseException | IOException e) {
            throw new IllegalArgumentException("failed to build synonyms for [" + name() + "]: " + e.getMessage(), e);
        }
    }
}
