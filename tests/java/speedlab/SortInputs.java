package speedlab;

import java.util.ArrayList;
import java.util.List;
import speedlab.workloads.Sort;

/**
 * Prints sort's input k as Java writes it, for the cross-language agreement test
 * (tests/python/test_agreement.py): arguments are triples N SEED K; the output is a JSON list with,
 * per triple, the integers k_i (value * 2^53) of the input.
 */
public final class SortInputs {
    private SortInputs() {}

    public static void main(String[] args) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i + 2 < args.length; i += 3) {
            int n = Integer.parseInt(args[i]);
            long seed = Long.parseUnsignedLong(args[i + 1]);
            long k = Long.parseLong(args[i + 2]);
            double[] input = new double[n];
            Sort.fillInput(input, SplitMix64.vector(n, seed), seed, k);
            List<Object> integers = new ArrayList<>();
            for (double value : input) {
                integers.add((long) (value * 0x1.0p53));
            }
            out.add(integers);
        }
        System.out.println(Json.write(out));
    }
}
