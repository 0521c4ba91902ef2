package dev.mnc.testdata;

/** The predicted class of a classifier's scores, as the accuracy tests count it. */
public final class Top1 {
    private Top1() {}

    /** The index of the largest score (the first on ties). */
    public static int argmax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }
}
