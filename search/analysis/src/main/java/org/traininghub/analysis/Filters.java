package org.traininghub.analysis;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.id.IndonesianStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.tartarus.snowball.ext.EnglishStemmer;

/** Token filters configured by settings, with analysis-common's option names and defaults. */
final class Filters {
    private Filters() {}

    /**
     * The stemmer's languages we carry, under analysis-common's names. Another language is
     * refused by name rather than silently left unstemmed.
     */
    static final Map<String, Function<TokenStream, TokenStream>> STEMMERS = Map.of(
        "english", PorterStemFilter::new,
        "porter", PorterStemFilter::new,
        "porter2", in -> new SnowballFilter(in, new EnglishStemmer()),
        "light_english", KStemFilter::new,
        "minimal_english", EnglishMinimalStemFilter::new,
        "possessive_english", EnglishPossessiveFilter::new,
        "indonesian", in -> new IndonesianStemFilter(in));

    static TokenFilterFactory asciiFolding(IndexSettings index, Environment env, String name, Settings settings) {
        boolean keep = settings.getAsBoolean("preserve_original", false);
        return new NormalizingTokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream in) {
                return new ASCIIFoldingFilter(in, keep);
            }

            @Override
            public TokenStream normalize(TokenStream in) {
                // A normalizer folds but never keeps the original beside it (one term out).
                return new ASCIIFoldingFilter(in, false);
            }
        };
    }

    static TokenFilterFactory ngram(IndexSettings index, Environment env, String name, Settings settings) {
        int min = settings.getAsInt("min_gram", 1);
        int max = settings.getAsInt("max_gram", 2);
        Tokenizers.checkGramDifference(index, name, min, max);
        boolean keep = settings.getAsBoolean("preserve_original", false);
        return plain(name, in -> new NGramTokenFilter(in, min, max, keep));
    }

    static TokenFilterFactory edgeNgram(IndexSettings index, Environment env, String name, Settings settings) {
        int min = settings.getAsInt("min_gram", 1);
        int max = settings.getAsInt("max_gram", 2);
        boolean keep = settings.getAsBoolean("preserve_original", false);
        String side = settings.get("side", "front");
        if (!side.equals("front")) {
            throw new IllegalArgumentException(
                "[" + name + "]: edge_ngram side [" + side + "] is not supported by the test node's analysis plugin");
        }
        return plain(name, in -> new EdgeNGramTokenFilter(in, min, max, keep));
    }

    static TokenFilterFactory stemmer(IndexSettings index, Environment env, String name, Settings settings) {
        String language = settings.get("language", settings.get("name", "porter")).toLowerCase(Locale.ROOT);
        Function<TokenStream, TokenStream> make = STEMMERS.get(language);
        if (make == null) {
            throw new IllegalArgumentException("[" + name + "]: stemmer language [" + language
                + "] is not carried by the test node's analysis plugin (it has " + STEMMERS.keySet() + ")");
        }
        return plain(name, make);
    }

    static TokenFilterFactory plain(String name, Function<TokenStream, TokenStream> make) {
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream in) {
                return make.apply(in);
            }
        };
    }
}
