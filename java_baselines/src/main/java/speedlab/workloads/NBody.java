package speedlab.workloads;

import java.util.Map;
import java.util.function.Function;
import speedlab.Params;
import speedlab.Sink;
import speedlab.SplitMix64;
import speedlab.Workload;

/**
 * All-pairs gravity with softening, k kick-drift-kick leapfrog steps: the
 * definition in python_baselines/workloads/nbody.py (initial state from the
 * shared generator, G = 1, eps^2 = 0.01, dt = 0.01), with the same loops and
 * the same order of every sum.
 */
public final class NBody implements Workload {
    public static final double SOFTENING2 = 0.01;
    public static final double DT = 0.01;
    public static final double HALF_DT = 0.005;
    private static final long MAX_N = 1L << 20;
    private static final long MAX_STEPS = 1_000_000;

    /** Structure of arrays: positions, velocities, masses, accelerations. */
    public static final class State {
        public final double[] x, y, z, vx, vy, vz, m, ax, ay, az;

        State(int n) {
            x = new double[n];
            y = new double[n];
            z = new double[n];
            vx = new double[n];
            vy = new double[n];
            vz = new double[n];
            m = new double[n];
            ax = new double[n];
            ay = new double[n];
            az = new double[n];
        }

        public int size() {
            return x.length;
        }

        /** The initial state: body i from generator values 7i .. 7i+6. */
        public static State initial(int n, long seed) {
            double[] u = new double[7 * n];
            SplitMix64.fill(u, seed, 0);
            State s = new State(n);
            for (int i = 0; i < n; i++) {
                s.x[i] = u[7 * i];
                s.y[i] = u[7 * i + 1];
                s.z[i] = u[7 * i + 2];
                s.vx[i] = (u[7 * i + 3] - 0.5) * 0.1;
                s.vy[i] = (u[7 * i + 4] - 0.5) * 0.1;
                s.vz[i] = (u[7 * i + 5] - 0.5) * 0.1;
                s.m[i] = (0.5 + u[7 * i + 6]) / n;
            }
            return s;
        }

        /** Copies positions, velocities and masses from another state of the same size. */
        public void copyFrom(State other) {
            System.arraycopy(other.x, 0, x, 0, size());
            System.arraycopy(other.y, 0, y, 0, size());
            System.arraycopy(other.z, 0, z, 0, size());
            System.arraycopy(other.vx, 0, vx, 0, size());
            System.arraycopy(other.vy, 0, vy, 0, size());
            System.arraycopy(other.vz, 0, vz, 0, size());
            System.arraycopy(other.m, 0, m, 0, size());
        }

        public double positionSum() {
            double sum = 0.0;
            for (int i = 0; i < size(); i++) {
                sum += x[i] + y[i] + z[i];
            }
            return sum;
        }

        public double velocitySum() {
            double sum = 0.0;
            for (int i = 0; i < size(); i++) {
                sum += vx[i] + vy[i] + vz[i];
            }
            return sum;
        }

        /** The position-weighted sum (Checksums) of the n x 6 table, row i = (x, y, z, vx, vy, vz) of body i. */
        public double weightedSum() {
            double[][] columns = {x, y, z, vx, vy, vz};
            return Checksums.weightedSum2d(size(), 6, (i, c) -> columns[c][i]);
        }
    }

    static void accelerations(State s) {
        int n = s.size();
        for (int i = 0; i < n; i++) {
            double xi = s.x[i];
            double yi = s.y[i];
            double zi = s.z[i];
            double sx = 0.0;
            double sy = 0.0;
            double sz = 0.0;
            for (int j = 0; j < n; j++) {
                double dx = s.x[j] - xi;
                double dy = s.y[j] - yi;
                double dz = s.z[j] - zi;
                double r2 = dx * dx + dy * dy + dz * dz + SOFTENING2;
                double invR = 1.0 / Math.sqrt(r2);
                double scale = s.m[j] * (invR * invR * invR);
                sx += dx * scale;
                sy += dy * scale;
                sz += dz * scale;
            }
            s.ax[i] = sx;
            s.ay[i] = sy;
            s.az[i] = sz;
        }
    }

    private static void kick(State s) {
        for (int i = 0; i < s.size(); i++) {
            s.vx[i] += HALF_DT * s.ax[i];
            s.vy[i] += HALF_DT * s.ay[i];
            s.vz[i] += HALF_DT * s.az[i];
        }
    }

    /** Runs `steps` leapfrog steps on s in place. */
    public static void simulate(State s, int steps) {
        accelerations(s);
        for (int step = 0; step < steps; step++) {
            kick(s);
            for (int i = 0; i < s.size(); i++) {
                s.x[i] += DT * s.vx[i];
                s.y[i] += DT * s.vy[i];
                s.z[i] += DT * s.vz[i];
            }
            accelerations(s);
            kick(s);
        }
    }

    @Override
    public String name() {
        return "nbody";
    }

    @Override
    public Map<String, Function<Params, Run>> impls() {
        return Map.of("java.loops", params -> {
            int n = (int) params.get("n", 1, MAX_N);
            int steps = (int) params.get("k", 1, MAX_STEPS);
            State initial = State.initial(n, params.seed());
            State work = new State(n);
            return new Run() {
                @Override
                public void iterate() {
                    work.copyFrom(initial);
                    simulate(work, steps);
                    Sink.consume(work);
                }

                @Override
                public Map<String, Double> checksums() {
                    return Map.of("checksum_position", work.positionSum(), "checksum_velocity", work.velocitySum(),
                            "checksum_weighted", work.weightedSum());
                }
            };
        });
    }
}
