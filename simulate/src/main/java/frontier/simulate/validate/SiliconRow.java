package frontier.simulate.validate;

/**
 * One steady-state benchmark result of aiconfigurator's silicon table: what was served (model,
 * precision, engine and version, GPU), how (one aggregated engine, or prefill and decode
 * workers), the load (fixed input/output lengths at a concurrency) and the measured mean TTFT and
 * TPOT.
 *
 * @param line        1-based line of the row in the CSV (after the header)
 * @param concurrency clients of the closed-loop benchmark; 0 when the row does not say
 * @param agg         the engine of an aggregated row; null for disagg rows
 * @param prefill     the prefill workers of a disagg row; null for agg rows
 * @param decode      the decode workers of a disagg row; null for agg rows
 * @param invalid     why a value of the row cannot be read, or null
 */
public record SiliconRow(int line, String id, String system, String backend, String backendVersion, String model,
                         String precision, String gemmQuant, String moeQuant, String mode, int isl, int osl, int concurrency, Workers agg, Workers prefill,
                         Workers decode, double ttftMs, double tpotMs, String invalid) {

    /** The same row served in {@code format}: a row that names no precision runs its checkpoint's own. */
    public SiliconRow withPrecision(String format) {
        return new SiliconRow(line, id, system, backend, backendVersion, model, format, gemmQuant, moeQuant, mode, isl, osl, concurrency,
                agg, prefill, decode, ttftMs, tpotMs, invalid);
    }

    /**
     * Workers of one role, each an engine over tp × pp × attention-dp GPUs.
     *
     * @param count         workers of this role; 0 when the row does not say
     * @param batch         the engine's batch limit per attention rank (max_num_seqs)
     * @param squareRecorded the table recorded this benchmark's {@code tp N, ep N} on N x N GPUs; it is read as the N
     *                      GPUs that ran (see {@link SiliconCsv})
     */
    public record Workers(int count, int batch, int tp, int pp, int dp, int moeTp, int ep, boolean squareRecorded) {
        public Workers(int count, int batch, int tp, int pp, int dp, int moeTp, int ep) {
            this(count, batch, tp, pp, dp, moeTp, ep, false);
        }

        /** The same workers without how the table recorded them: two records of one deployment compare equal. */
        public Workers deployed() {
            return squareRecorded ? new Workers(count, batch, tp, pp, dp, moeTp, ep) : this;
        }

        public int gpusPerWorker() { return tp * pp * dp; }

        public long gpus() { return (long) count * gpusPerWorker(); }
    }

    /** GPUs of the row's deployment: the aggregated workers', or the prefill and decode workers' together; 0 without a layout. */
    public long gpus() {
        if (!disagg()) return agg == null ? 0 : agg.gpus();
        return prefill.gpus() + decode.gpus();
    }

    public boolean disagg() { return "disagg".equals(mode); }
}
