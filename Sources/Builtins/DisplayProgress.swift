import Foundation
import Script

/// A sink that shows live progress as one rewritten terminal line (e.g. with a carriage
/// return) instead of an updating Jupyter display. Sinks that do not adopt it get one
/// `display_data` with a display id, then `update_display_data` for that id.
public protocol ProgressLineSink: OutputSink {
    /// Shows `line` in place of the previous progress line; `final` ends the line for good.
    func showProgress(_ line: String, final: Bool)
}

/// The live progress line of `Module.fit`: one display, updated at most every
/// `minimumInterval` seconds (and once at the end), never one output per batch.
///
/// Text: `Epoch 2/5 [=========>          ] 45/91 batches  120,345 samples/s  rmse=0.910000`
/// (epochs counted from 1; the speed is over the current epoch; the metric is the epoch's
/// running value, printed as MXNet's `%f`).
public final class FitProgress {
    private let sink: OutputSink
    private let numEpoch: Int
    private let batchesPerEpoch: Int
    private let batchSize: Int
    private let minimumInterval: UInt64
    private let clock: () -> UInt64
    /// The display id of the progress output.
    public let displayID = DisplayModules.newDisplayID()
    private var published = false
    private var lastPublished: UInt64 = 0
    private var pendingLine: String?
    private var epochStart: (epoch: Int, time: UInt64)?
    /// How many outputs were published (first display, updates and the final one).
    public private(set) var publishCount = 0

    /// - Parameters:
    ///   - numEpoch: the `num_epoch` of `fit` (epochs are shown as `epoch + 1` of it).
    ///   - batchesPerEpoch: training batches per epoch; `batchSize`: samples per batch.
    ///   - minimumInterval: seconds between two updates (default 0.1: ten a second at most).
    ///   - clock: monotonic time in nanoseconds (injectable for tests).
    public init(sink: OutputSink, numEpoch: Int, batchesPerEpoch: Int, batchSize: Int,
                minimumInterval: Double = 0.1,
                clock: @escaping () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }) {
        self.sink = sink
        self.numEpoch = numEpoch
        self.batchesPerEpoch = max(batchesPerEpoch, 1)
        self.batchSize = batchSize
        self.minimumInterval = UInt64(max(minimumInterval, 0) * 1e9)
        self.clock = clock
    }

    /// Records the end of batch `batch` (0-based) of `epoch`; publishes when the interval has
    /// passed since the last publication (the first batch always publishes).
    /// - Parameter metrics: the epoch's running metric values.
    public func batchEnded(epoch: Int, batch: Int, metrics: () -> [(String, Double)]) {
        let now = clock()
        if epochStart?.epoch != epoch { epochStart = (epoch, now) }
        let due = !published || now &- lastPublished >= minimumInterval
        let text = line(epoch: epoch, batch: batch, now: now, metrics: metrics())
        if due {
            publish(text, final: false)
            lastPublished = now
            pendingLine = nil
        } else {
            pendingLine = text
        }
    }

    /// Publishes the last state (if not shown yet) and ends the progress output.
    public func finish() {
        if let pendingLine {
            publish(pendingLine, final: true)
            self.pendingLine = nil
        } else if published, let lineSink = sink as? ProgressLineSink {
            lineSink.showProgress("", final: true)
        }
    }

    private func publish(_ line: String, final: Bool) {
        publishCount += 1
        if let lineSink = sink as? ProgressLineSink {
            lineSink.showProgress(line, final: final)
        } else {
            sink.display(["text/plain": line], metadata: [:], displayID: displayID, update: published)
        }
        published = true
    }

    /// The progress text for the end of `batch` of `epoch`.
    func line(epoch: Int, batch: Int, now: UInt64, metrics: [(String, Double)]) -> String {
        let done = min(batch + 1, batchesPerEpoch)
        let width = 30
        let filled = done * width / batchesPerEpoch
        let bar = String(repeating: "=", count: max(filled - 1, 0)) + (filled > 0 ? (done == batchesPerEpoch ? "=" : ">") : "")
            + String(repeating: " ", count: width - filled)
        var text = "Epoch \(epoch + 1)/\(numEpoch) [\(bar)] \(done)/\(batchesPerEpoch) batches"
        if let start = epochStart?.time, now > start, batch > 0 {
            let speed = Double(batch * batchSize) / (Double(now - start) / 1e9)
            text += "  \(Self.grouped(Int(speed.rounded()))) samples/s"
        }
        for (name, value) in metrics {
            text += "  \(name)=\(value.isFinite ? String(format: "%f", value) : "\(value)")"
        }
        return text
    }

    /// `120345` → `120,345`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + out
    }
}
