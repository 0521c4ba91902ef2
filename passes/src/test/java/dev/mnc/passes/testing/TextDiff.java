package dev.mnc.passes.testing;

/** A line diff (longest common subsequence) for golden-test failures: '-' expected, '+' actual. */
final class TextDiff {
    private TextDiff() {}

    static String diff(String expected, String actual) {
        String[] a = expected.split("\n");
        String[] b = actual.split("\n");
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                sb.append("  ").append(a[i]).append('\n');
                i++;
                j++;
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                sb.append("+ ").append(b[j++]).append('\n');
            } else {
                sb.append("- ").append(a[i++]).append('\n');
            }
        }
        return sb.toString();
    }
}
