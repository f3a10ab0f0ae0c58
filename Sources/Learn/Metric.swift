// Evaluation metrics, computed the way MXNet 1.9.1's mx.metric does.
import Foundation
import Tensor

/// The metrics `fit` and `score` understand.
public enum MetricKind: String, Sendable {
    /// Root mean squared error, one value per batch, averaged over batches.
    case rmse
    /// Mean squared error, one value per batch, averaged over batches.
    case mse
    /// Mean absolute error, one value per batch, averaged over batches.
    case mae
    /// Fraction of samples whose argmax prediction equals the (int32-truncated) label.
    case accuracy

    /// The metric for an MXNet name: `rmse`, `mse`, `mae`, `acc` or `accuracy` (case-insensitive).
    /// - Throws: `EngineError.invalidArgument` for any other name.
    public init(name: String) throws {
        switch name.lowercased() {
        case "rmse": self = .rmse
        case "mse": self = .mse
        case "mae": self = .mae
        case "acc", "accuracy": self = .accuracy
        default:
            throw EngineError.invalidArgument("unknown metric '\(name)'; supported: rmse, mse, mae, acc")
        }
    }

    /// The display name used in log lines (`Train-rmse`, `Train-accuracy`).
    public var displayName: String { rawValue }
}

/// One metric with MXNet's two accumulators: the local one (reset by the Speedometer after each
/// log line) and the global one (the epoch's `Train-…` value).
///
/// Regression metrics add one value per batch (`num_inst += 1`), so the result is the mean of
/// per-batch values, padded samples included; accuracy counts samples.
public final class EvalMetric {
    public let kind: MetricKind
    public var name: String { kind.displayName }
    public private(set) var sum = 0.0
    public private(set) var instances = 0
    public private(set) var globalSum = 0.0
    public private(set) var globalInstances = 0

    public init(_ kind: MetricKind) { self.kind = kind }

    /// Clears both accumulators.
    public func reset() {
        resetLocal()
        globalSum = 0
        globalInstances = 0
    }

    /// Clears the local accumulator only.
    public func resetLocal() {
        sum = 0
        instances = 0
    }

    /// The local value (`nan` before any update).
    public var value: Double { instances == 0 ? .nan : sum / Double(instances) }
    /// The global value (`nan` before any update).
    public var globalValue: Double { globalInstances == 0 ? .nan : globalSum / Double(globalInstances) }

    /// Adds one batch.
    /// - Parameters:
    ///   - labels: `[batch]` or `[batch, k]`.
    ///   - predictions: `[batch]` or `[batch, k]` (regression), `[batch, classes]` (accuracy).
    /// - Throws: `EngineError.shapeMismatch` when the shapes cannot be compared.
    public func update(labels: Tensor, predictions: Tensor) throws {
        try update(label: labels.storage.pointer, labelShape: labels.shape,
                   prediction: predictions.storage.pointer, predictionShape: predictions.shape)
    }

    /// Adds one batch from raw buffers (the training loop's allocation-free path).
    /// - Throws: as `update(labels:predictions:)`.
    public func update(
        label: UnsafePointer<Float>, labelShape: [Int], prediction: UnsafePointer<Float>, predictionShape: [Int]
    ) throws {
        let labelCount = labelShape.reduce(1, *), predictionCount = predictionShape.reduce(1, *)
        let rows = labelShape.first ?? 1
        guard (predictionShape.first ?? 1) == rows else {
            throw EngineError.shapeMismatch("Shape of labels \(labelShape) does not match shape of predictions \(predictionShape)")
        }
        let batchValue: Double
        let count: Int
        switch kind {
        case .accuracy:
            (batchValue, count) = try correctPredictions(label, labelShape, prediction, predictionShape)
        case .rmse, .mse, .mae:
            // numpy: label and prediction as [rows, k]; a one-column label broadcasts.
            let labelWidth = rows == 0 ? 0 : labelCount / rows, predictionWidth = rows == 0 ? 0 : predictionCount / rows
            guard labelWidth == predictionWidth || labelWidth == 1 || predictionWidth == 1 else {
                throw EngineError.shapeMismatch("operands could not be broadcast together with shapes \(labelShape) \(predictionShape)")
            }
            let width = max(labelWidth, predictionWidth)
            var total = 0.0
            for r in 0..<rows {
                for k in 0..<width {
                    let l = Double(label[r * labelWidth + (labelWidth == 1 ? 0 : k)])
                    let p = Double(prediction[r * predictionWidth + (predictionWidth == 1 ? 0 : k)])
                    total += kind == .mae ? abs(l - p) : (l - p) * (l - p)
                }
            }
            let mean = rows * width == 0 ? Double.nan : total / Double(rows * width)
            batchValue = kind == .rmse ? mean.squareRoot() : mean
            count = 1
        }
        sum += batchValue
        globalSum += batchValue
        instances += count
        globalInstances += count
    }

    /// MXNet `Accuracy`: argmax over axis 1 unless prediction and label shapes are equal, then
    /// both truncated to int32 and compared element by element.
    private func correctPredictions(
        _ label: UnsafePointer<Float>, _ labelShape: [Int], _ prediction: UnsafePointer<Float>, _ predictionShape: [Int]
    ) throws -> (Double, Int) {
        let labelCount = labelShape.reduce(1, *)
        var correct = 0
        if predictionShape == labelShape {
            for i in 0..<labelCount where Self.int32(prediction[i]) == Self.int32(label[i]) { correct += 1 }
            return (Double(correct), labelCount)
        }
        guard predictionShape.count >= 2 else {
            throw EngineError.shapeMismatch("Shape of labels \(labelShape) does not match shape of predictions \(predictionShape)")
        }
        let rows = predictionShape[0], classes = predictionShape[1]
        let inner = predictionShape[2...].reduce(1, *)
        guard rows * inner == labelCount else {
            throw EngineError.shapeMismatch("Shape of labels \(labelShape) does not match shape of predictions \(predictionShape)")
        }
        for r in 0..<rows {
            for j in 0..<inner {
                var best = 0
                var bestValue = prediction[r * classes * inner + j]
                for c in 1..<max(classes, 1) {
                    let v = prediction[(r * classes + c) * inner + j]
                    if v > bestValue || (v.isNaN && !bestValue.isNaN) {
                        best = c
                        bestValue = v
                    }
                }
                if Self.int32(label[r * inner + j]) == Int64(best) { correct += 1 }
            }
        }
        return (Double(correct), labelCount)
    }

    /// numpy's `astype('int32')` for the values labels hold (truncation; out-of-range → min).
    private static func int32(_ value: Float) -> Int64 {
        guard value.isFinite, value >= -2_147_483_648, value < 2_147_483_648 else { return Int64(Int32.min) }
        return Int64(value.rounded(.towardZero))
    }
}

/// Several metrics updated together (MXNet `CompositeEvalMetric`, or a single metric).
public final class CompositeMetric {
    public let metrics: [EvalMetric]

    /// Metrics by MXNet name, e.g. `["rmse"]` or `["mse", "mae"]`.
    /// - Throws: `EngineError.invalidArgument` for an unknown name or an empty list.
    public init(names: [String]) throws {
        guard !names.isEmpty else { throw EngineError.invalidArgument("no evaluation metric given") }
        metrics = try names.map { EvalMetric(try MetricKind(name: $0)) }
    }

    public func reset() { metrics.forEach { $0.reset() } }
    public func resetLocal() { metrics.forEach { $0.resetLocal() } }

    /// Updates every metric with one batch.
    public func update(
        label: UnsafePointer<Float>, labelShape: [Int], prediction: UnsafePointer<Float>, predictionShape: [Int]
    ) throws {
        for metric in metrics {
            try metric.update(label: label, labelShape: labelShape, prediction: prediction, predictionShape: predictionShape)
        }
    }

    /// Updates every metric with one batch of tensors.
    public func update(labels: Tensor, predictions: Tensor) throws {
        for metric in metrics { try metric.update(labels: labels, predictions: predictions) }
    }

    /// (name, local value) pairs (MXNet `get_name_value`).
    public var nameValues: [(String, Double)] { metrics.map { ($0.name, $0.value) } }
    /// (name, global value) pairs (MXNet `get_global_name_value`).
    public var globalNameValues: [(String, Double)] { metrics.map { ($0.name, $0.globalValue) } }
}
