package dev.mnc.testdata.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The runner sorts outcomes right, replays a case exactly, and survives a reader that never returns. */
class FuzzCampaignTest {
    /** A typed error of an imaginary reader. */
    static final class ReaderException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReaderException(String message) {
            super(message);
        }
    }

    private static final byte[] FILE = "MAGIC header, then a body of some length to damage".getBytes();

    private static FuzzConfig config(int cases) {
        return FuzzConfig.of(cases, 42);
    }

    private static FuzzCampaign campaign(FuzzTarget target) {
        return FuzzCampaign.named("test").seed("file.bin", FILE).mutators(ByteMutators.all()).target(target)
                .typedErrors(ReaderException.class).messagesStartWith("file.bin: ");
    }

    /** Accepts the intact prefix, refuses other files cleanly, and crashes on some. */
    private static void reader(byte[] b) {
        if (b.length > 3 && b[3] == 'I') {
            return;
        }
        if (b.length > 0 && (b[b.length - 1] & 1) == 1) {
            throw new ArrayIndexOutOfBoundsException(b.length);
        }
        throw new ReaderException("file.bin: wrong magic");
    }

    @Test
    void outcomesAreClassified() {
        FuzzReport r = campaign(FuzzCampaignTest::reader).run(config(300));
        assertThat(r.cases()).isEqualTo(300);
        assertThat(r.count(Outcome.ACCEPTED)).isPositive();
        assertThat(r.count(Outcome.REJECTED)).isPositive();
        assertThat(r.count(Outcome.CRASH)).isPositive().isEqualTo(r.failures().size());
        assertThat(r.failures()).allSatisfy(f -> assertThat(f.problem())
                .startsWith("java.lang.ArrayIndexOutOfBoundsException"));
        assertThatThrownBy(r::assertNoFailures).isInstanceOf(AssertionError.class)
                .hasMessageContaining("cases failed").hasMessageContaining("replay: -Dmnc.fuzz.seed=0x2a -Dmnc.fuzz.case=");
    }

    @Test
    void messagesMustBeOneLineAndNameTheFile() {
        FuzzReport twoLines = campaign(b -> {
            throw new ReaderException("file.bin: bad\nheader");
        }).run(config(5));
        assertThat(twoLines.count(Outcome.BAD_MESSAGE)).isEqualTo(5);
        FuzzReport unnamed = campaign(b -> {
            throw new ReaderException("bad header");
        }).run(config(5));
        assertThat(unnamed.count(Outcome.BAD_MESSAGE)).isEqualTo(5);
        assertThat(unnamed.failures().get(0).problem()).contains("start with 'file.bin: '");
        FuzzReport none = campaign(b -> {
            throw new ReaderException(null);
        }).run(config(5));
        assertThat(none.count(Outcome.BAD_MESSAGE)).isEqualTo(5);
    }

    @Test
    void aReaderThatNeverReturnsIsAHangAndTheNextCaseRunsOnAFreshThread() {
        List<String> threads = new ArrayList<>();
        FuzzReport r = campaign(b -> {
            synchronized (threads) {
                threads.add(Thread.currentThread().toString() + System.identityHashCode(Thread.currentThread()));
            }
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
        }).run(new FuzzConfig(2, 1, Duration.ofSeconds(1), OptionalInt.empty(), false));
        assertThat(r.count(Outcome.HANG)).isEqualTo(2);
        assertThat(r.summary()).contains("2 hung threads abandoned");
        assertThat(threads).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void errorsAndAllocationsOverTheLimitAreCrashes() {
        FuzzReport overflow = campaign(b -> {
            throw new StackOverflowError();
        }).run(config(3));
        assertThat(overflow.count(Outcome.CRASH)).isEqualTo(3);
        FuzzReport greedy = campaign(b -> {
            byte[] big = new byte[64 << 20];
            throw new ReaderException("file.bin: refused after allocating " + big.length);
        }).allocationLimit(16 << 20).run(config(3));
        assertThat(greedy.count(Outcome.CRASH)).isEqualTo(3);
        assertThat(greedy.failures().get(0).problem()).startsWith("allocated 64 MB, more than the 16 MB limit");
    }

    @Test
    void aCaseReplaysAloneWithTheSameBytes() {
        List<byte[]> all = new ArrayList<>();
        campaign(all::add).run(config(50));
        for (int i : new int[] {0, 17, 49}) {
            List<byte[]> one = new ArrayList<>();
            campaign(one::add).run(new FuzzConfig(50, 42, Duration.ofSeconds(5), OptionalInt.of(i), false));
            assertThat(one).singleElement().isEqualTo(all.get(i));
        }
        List<byte[]> otherSeed = new ArrayList<>();
        campaign(otherSeed::add).run(FuzzConfig.of(50, 43));
        assertThat(otherSeed).usingElementComparator((a, b) -> java.util.Arrays.equals(a, b) ? 0 : 1)
                .isNotEqualTo(all);
    }

    @Test
    void configurationComesFromSystemProperties() {
        assertThat(FuzzConfig.fromSystemProperties(77).cases()).isEqualTo(
                Integer.getInteger(FuzzConfig.CASES, 77));
        assertThat(FuzzConfig.caseSeed(1, 0)).isNotEqualTo(FuzzConfig.caseSeed(1, 1)).isNotEqualTo(FuzzConfig.caseSeed(2, 0));
        assertThat(config(1).replayOptions(9)).isEqualTo("-Dmnc.fuzz.seed=0x2a -Dmnc.fuzz.case=9");
    }
}
