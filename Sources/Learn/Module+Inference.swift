// Prediction and scoring: inference over an iterator's batches.
import Graph
import Tensor

extension Module {
    // MARK: Prediction and scoring

    /// The outputs for every sample of `iterator`, padding removed: `[samples, outputDim…]`
    /// (MXNet `predict`, merged batches). Resets the iterator first. Inference mode.
    /// - Parameter shouldStop: polled before every batch; `true` stops with `EngineError.interrupted`.
    /// - Throws: `EngineError.invalidArgument` when parameters are not initialised, operator
    ///   errors (e.g. an embedding index out of range), `.interrupted`.
    public func predict(_ iterator: NDArrayIter, shouldStop: () -> Bool = { false }) throws -> Tensor {
        synchronizeParameters()
        guard parametersInitialized else {
            throw EngineError.invalidArgument("parameters are not initialized; call fit or initParams first")
        }
        let executor = try inferenceExecutor(for: iterator)
        let rowShape = Array(executor.outputShape.dropFirst())
        let rowSize = rowShape.reduce(1, *)
        var result = try Tensor(shape: [iterator.samplesPerEpoch] + rowShape)
        iterator.reset()
        var filled = 0
        while iterator.advance() {
            if shouldStop() { throw EngineError.interrupted }
            try load(iterator, into: executor)
            try executor.forward(isTraining: false)
            let rows = min((executor.outputShape.first ?? 0) - iterator.pad, result.shape[0] - filled)
            guard rows > 0 else { continue }
            let source = executor.outputStorage.pointer
            result.withUnsafeMutableBufferPointer { destination in
                destination.baseAddress.map { ($0 + filled * rowSize).update(from: source, count: rows * rowSize) }
            }
            filled += rows
        }
        return result
    }

    /// Evaluates `metrics` over `iterator` (MXNet `score`): resets the iterator and the metric,
    /// runs inference batches, counts padded samples as MXNet does.
    /// - Returns: (name, value) pairs, e.g. `[("rmse", 0.87)]`.
    /// - Throws: as `predict`, and `EngineError.invalidArgument` when the iterator has no label.
    public func score(_ iterator: NDArrayIter, metrics: CompositeMetric,
                      shouldStop: () -> Bool = { false }) throws -> [(String, Double)] {
        synchronizeParameters()
        guard parametersInitialized else {
            throw EngineError.invalidArgument("parameters are not initialized; call fit or initParams first")
        }
        let executor = try inferenceExecutor(for: iterator)
        iterator.reset()
        metrics.reset()
        while iterator.advance() {
            if shouldStop() { throw EngineError.interrupted }
            try load(iterator, into: executor)
            try executor.forward(isTraining: false)
            try updateMetric(metrics, iterator: iterator, executor: executor)
        }
        return metrics.nameValues
    }

    /// Evaluates metrics given by name (e.g. `["rmse"]`).
    public func score(_ iterator: NDArrayIter, metricNames: [String],
                      shouldStop: () -> Bool = { false }) throws -> [(String, Double)] {
        try score(iterator, metrics: CompositeMetric(names: metricNames), shouldStop: shouldStop)
    }

    /// Copies the iterator's current batch into the executor's data and label buffers.
    func load(_ iterator: NDArrayIter, into executor: Executor) throws {
        for (name, tensor) in zip(iterator.dataNames, iterator.batchData) where dataNames.contains(name) {
            try executor.setValue(name, to: tensor)
        }
        for (name, tensor) in zip(iterator.labelNames, iterator.batchLabel) where labelNames.contains(name) {
            try executor.setValue(name, to: tensor)
        }
    }

    /// Updates `metrics` with the first label and the output (MXNet pairs labels with outputs).
    func updateMetric(_ metrics: CompositeMetric, iterator: NDArrayIter, executor: Executor) throws {
        guard let label = iterator.batchLabel.first else {
            throw EngineError.invalidArgument("the data iterator has no label to evaluate a metric against")
        }
        try metrics.update(label: label.storage.pointer, labelShape: label.shape,
                           prediction: executor.outputStorage.pointer, predictionShape: executor.outputShape)
    }
}
