package dev.firstpass.core.property;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A generator of test inputs from a seeded {@link Random}: the same seed gives the same input, so a
 * failing try can be replayed.
 *
 * @param <T> what it generates
 */
@FunctionalInterface
public interface Gen<T> {

    /** Characters that break parsers: quotes, escapes, separators, controls, non-ASCII and surrogates. */
    String NASTY = "\"\\'{}[]:,.=# \t\r\n\0\u0001\u007f\u00e9\u00fc\u2028\u2029\ufeff\uffff\ud83d\ude00\ud800\udc00";
    /** Letters, digits and the punctuation of ordinary names. */
    String PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.";

    T next(Random random);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return random -> f.apply(next(random));
    }

    /** A constant. */
    static <T> Gen<T> just(T value) {
        return random -> value;
    }

    /** An int in [min, max]. */
    static Gen<Integer> ints(int min, int max) {
        return random -> (int) (min + (long) (random.nextDouble() * ((long) max - min + 1)));
    }

    /** One of the given values, equally likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(T... values) {
        List<T> choices = List.of(values);
        return random -> choices.get(random.nextInt(choices.size()));
    }

    /** The value of one of the given generators, equally likely. */
    @SafeVarargs
    static <T> Gen<T> anyOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> choices = List.of(gens);
        return random -> choices.get(random.nextInt(choices.size())).next(random);
    }

    /** Text of {@code min} to {@code max} characters drawn from {@code alphabet} (surrogate pairs kept whole). */
    static Gen<String> text(String alphabet, int min, int max) {
        List<String> symbols = symbols(alphabet);
        Gen<Integer> length = lengths(min, max);
        return random -> {
            int n = length.next(random);
            StringBuilder text = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                text.append(symbols.get(random.nextInt(symbols.size())));
            }
            return text.toString();
        };
    }

    /** Any UTF-16 text of {@code min} to {@code max} chars, lone surrogates included. */
    static Gen<String> anyText(int min, int max) {
        Gen<Integer> length = lengths(min, max);
        return random -> {
            int n = length.next(random);
            StringBuilder text = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                text.append(random.nextInt(4) == 0 ? NASTY.charAt(random.nextInt(NASTY.length()))
                        : (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x10000)));
            }
            return text.toString();
        };
    }

    /** Random bytes, {@code min} to {@code max} of them. */
    static Gen<byte[]> bytes(int min, int max) {
        Gen<Integer> length = lengths(min, max);
        return random -> {
            byte[] bytes = new byte[length.next(random)];
            random.nextBytes(bytes);
            return bytes;
        };
    }

    /** Text as UTF-8. */
    static Gen<byte[]> utf8(Gen<String> text) {
        return text.map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    /** Doubles of every kind: small, huge, tiny, negative zero, NaN and the infinities. */
    static Gen<Double> doubles() {
        Gen<Double> special = oneOf(0.0, -0.0, 1.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, Double.MIN_NORMAL,
                1e-300, 123456789.0, 0.1);
        return random -> switch (random.nextInt(4)) {
            case 0 -> special.next(random);
            case 1 -> Double.longBitsToDouble(random.nextLong());
            default -> random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
        };
    }

    /** A list of {@code min} to {@code max} elements. */
    static <T> Gen<List<T>> lists(Gen<T> element, int min, int max) {
        Gen<Integer> length = lengths(min, max);
        return random -> {
            int n = length.next(random);
            List<T> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(element.next(random));
            }
            return list;
        };
    }

    // Short lengths are where parsers break most, so they are drawn more often than long ones; the
    // bounds themselves come up often too.
    private static Gen<Integer> lengths(int min, int max) {
        return random -> switch (random.nextInt(8)) {
            case 0 -> min;
            case 1 -> max;
            case 2, 3, 4 -> min + random.nextInt(Math.min(max - min, 16) + 1);
            default -> min + random.nextInt(max - min + 1);
        };
    }

    private static List<String> symbols(String alphabet) {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < alphabet.length(); ) {
            int end = Character.isHighSurrogate(alphabet.charAt(i)) && i + 1 < alphabet.length()
                    && Character.isLowSurrogate(alphabet.charAt(i + 1)) ? i + 2 : i + 1;
            symbols.add(alphabet.substring(i, end));
            i = end;
        }
        return symbols;
    }
}
