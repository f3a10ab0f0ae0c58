// The batch-end callback that logs throughput and the running metric (mx.callback.Speedometer).
import Foundation

/// Logs training speed and the local metric every `frequent` batches (MXNet 1.9.1
/// `Speedometer`). With `autoReset` (the default) the local metric is reset after each line:
/// `Epoch[0] Batch [0-250]\tSpeed: 145962.10 samples/sec\trmse=1.514931`; without it,
/// `Epoch[0] Batch [0-250]\t…` with the metric since the start of the epoch.
public final class Speedometer {
    public let batchSize: Int
    public let frequent: Int
    public let autoReset: Bool
    private var initialized = false
    private var tic: UInt64 = 0
    private var lastCount = 0

    public init(batchSize: Int, frequent: Int = 50, autoReset: Bool = true) {
        self.batchSize = batchSize
        self.frequent = max(frequent, 1)
        self.autoReset = autoReset
    }

    /// Called after batch `batch` (0-based) of `epoch`; returns the line to log, if any.
    public func batchEnded(epoch: Int, batch count: Int, metric: CompositeMetric?) -> String? {
        if lastCount > count { initialized = false }
        lastCount = count
        let now = DispatchTime.now().uptimeNanoseconds
        guard initialized else {
            initialized = true
            tic = now
            return nil
        }
        guard count % frequent == 0 else { return nil }
        let elapsed = Double(now &- tic) / 1e9
        let speed = elapsed > 0 ? Double(frequent * batchSize) / elapsed : .infinity
        tic = now
        let speedText = String(format: "%.2f", speed)
        guard let metric else { return "Iter[\(epoch)] Batch [\(count)]\tSpeed: \(speedText) samples/sec" }
        let values = metric.nameValues.map { "\t\($0.0)=\(formatMetric($0.1))" }.joined()
        if autoReset {
            metric.resetLocal()
            return "Epoch[\(epoch)] Batch [\(count - frequent)-\(count)]\tSpeed: \(speedText) samples/sec\(values)"
        }
        return "Epoch[\(epoch)] Batch [0-\(count)]\tSpeed: \(speedText) samples/sec\(values)"
    }
}

/// Python's `'%f' % value`: six decimals, `nan`, `inf`, `-inf`.
func formatMetric(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return String(format: "%f", value)
}
