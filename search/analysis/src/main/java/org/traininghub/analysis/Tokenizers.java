package org.traininghub.analysis;

import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.TokenizerFactory;

/** The n-gram tokenizers, with analysis-common's option names and defaults. */
final class Tokenizers {
    private Tokenizers() {}

    static TokenizerFactory ngram(IndexSettings index, Environment env, String name, Settings settings) {
        int min = settings.getAsInt("min_gram", 1);
        int max = settings.getAsInt("max_gram", 2);
        checkGramDifference(index, name, min, max);
        refuseTokenChars(name, settings);
        return TokenizerFactory.newFactory(name, () -> new NGramTokenizer(min, max));
    }

    static TokenizerFactory edgeNgram(IndexSettings index, Environment env, String name, Settings settings) {
        int min = settings.getAsInt("min_gram", 1);
        int max = settings.getAsInt("max_gram", 2);
        refuseTokenChars(name, settings);
        return TokenizerFactory.newFactory(name, () -> new EdgeNGramTokenizer(min, max));
    }

    /** The index setting analysis-common enforces on n-grams (index.max_ngram_diff). */
    static void checkGramDifference(IndexSettings index, String name, int min, int max) {
        if (index != null && max - min > index.getMaxNgramDiff()) {
            throw new IllegalArgumentException("The difference between max_gram and min_gram in NGram [" + name
                + "] must be less than or equal to: [" + index.getMaxNgramDiff() + "] but was [" + (max - min)
                + "]. This limit can be set by changing the [" + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey()
                + "] index level setting.");
        }
    }

    // Character classes are not carried; refusing them beats tokenizing differently.
    private static void refuseTokenChars(String name, Settings settings) {
        if (settings.get("token_chars") != null || !settings.getAsList("token_chars").isEmpty()) {
            throw new IllegalArgumentException(
                "[" + name + "]: token_chars is not supported by the test node's analysis plugin");
        }
    }
}
