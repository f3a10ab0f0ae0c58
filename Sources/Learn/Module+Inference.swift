// Prediction and scoring: inference over an iterator's batches.
import Foundation
import Graph
import Synchronization
import Tensor

extension Module {
    // MARK: Prediction and scoring

    /// The outputs for every sample of `iterator`, padding removed: `[samples, outputDim…]`
    /// (MXNet `predict`, merged batches), or for its first `numBatch` batches. Resets the
    /// iterator first. Inference mode.
    /// - Parameters:
    ///   - numBatch: how many batches to run (MXNet `num_batch`); nil or negative runs them all.
    ///   - shouldStop: polled before every batch; `true` stops with `EngineError.interrupted`.
    /// - Throws: `EngineError.invalidArgument` when parameters are not initialised, operator
    ///   errors (e.g. an embedding index out of range), `.interrupted`, `.outOfMemory`.
    public func predict(_ iterator: NDArrayIter, numBatch: Int? = nil, shouldStop: () -> Bool = { false }) throws -> Tensor {
        try predict(iterator, numBatch: numBatch, shouldStop: shouldStop) { shape, fill in
            try Tensor(shape: shape, initializingWith: fill)
        }
    }

    /// `predict(_:numBatch:shouldStop:)`, its outputs written straight into memory the caller
    /// provides (e.g. a numpy array's, so that the result is not copied again):
    /// `makeOutput(shape, fill)` allocates room for `shape`'s element count of floats, calls
    /// `fill` once with it (which writes every element, row-major, or throws) and returns
    /// what holds them.
    /// - Throws: what `predict(_:numBatch:shouldStop:)` and `makeOutput` throw.
    public func predict<Output>(_ iterator: NDArrayIter, numBatch: Int? = nil, shouldStop: () -> Bool = { false },
                                makeOutput: (_ shape: [Int], _ fill: (UnsafeMutablePointer<Float>) throws -> Void) throws -> Output)
        throws -> Output {
        try prepareInference()
        let samples = sampleCount(of: iterator, numBatch: numBatch)
        let folding = try preparedFolding(for: iterator, samples: samples)
        // Sliced inference needs no executor of the batch's size: binding one would only
        // allocate (and, on first touch, clear) batch-sized buffers.
        let slices = try sliceExecutors(for: iterator, folding: folding)
        let executor = slices == nil ? try inferenceExecutor(for: iterator, folding: folding) : nil
        guard let outputShape = executor?.outputShape ?? slices?.first.map({ [batchSize(of: iterator)] + $0.outputShape.dropFirst() }) else {
            throw EngineError.invalidArgument("no executor for the iterator's batches")
        }
        let batch = outputShape.first ?? 0
        let rowShape = Array(outputShape.dropFirst())
        let rowSize = rowShape.reduce(1, *)
        // (The fill closure polls shouldStop; both closures are only called during this call.)
        return try withoutActuallyEscaping(shouldStop) { shouldStop in
            try makeOutput([samples] + rowShape) { base in
                iterator.reset()
                var filled = 0
                // Which slice executors have run on the current parameters in this prediction.
                var prepared = [Bool](repeating: false, count: slices?.count ?? 0)
                while filled < samples, iterator.advance() {
                    if shouldStop() { throw EngineError.interrupted }
                    let rows = min(batch - iterator.pad, samples - filled)
                    guard rows > 0 else { continue }
                    let output = base + filled * rowSize
                    if let slices {
                        try forward(rows: rows, of: iterator, slices: slices, into: output, rowSize: rowSize,
                                    prepared: &prepared)
                    } else if let executor {
                        try load(iterator, into: executor)
                        try executor.forward(isTraining: false)
                        output.update(from: executor.outputStorage.pointer, count: rows * rowSize)
                    }
                    filled += rows
                }
                // Every element is written: rows the iterator did not reach are zero.
                (base + filled * rowSize).update(repeating: 0, count: (samples - filled) * rowSize)
            }
        }
    }

    /// The batch size of `iterator`'s data (the first dimension of its first data input).
    private func batchSize(of iterator: NDArrayIter) -> Int {
        iterator.provideData.first { dataNames.contains($0.name) }?.shape.first ?? 0
    }

    /// Rows per slice when inference runs a batch in slices: small enough that a slice's
    /// activations stay in a core's L2 cache through the whole network (a 64-unit layer's output
    /// is 128 KB), large enough that each layer still runs whole register tiles.
    static let inferenceSliceRows = 512

    /// One executor per worker for slices of `inferenceSliceRows` rows of `iterator`'s batches,
    /// sharing the parameters; nil when slicing does not apply (a batch of at most two slices,
    /// a graph that mixes rows, an input or output not batch-major). They run `folding`'s graph
    /// when given, as the batch executor would.
    /// - Throws: shape errors for data shapes the symbol does not accept, `.outOfMemory`.
    func sliceExecutors(for iterator: NDArrayIter, folding: InferenceFolding?) throws -> [Executor]? {
        let sliceRows = Self.inferenceSliceRows
        let graph = folding?.symbol ?? symbol
        let batch = batchSize(of: iterator)
        guard batch > 2 * sliceRows, graph.isRowwiseInInference,
              dataNames.allSatisfy({ name in iterator.provideData.contains { $0.name == name } }) else { return nil }
        var dataShapes: [(name: String, shape: [Int])] = []
        var batchShapes: [String: [Int]] = [:]
        for entry in iterator.provideData where dataNames.contains(entry.name) {
            guard entry.shape.first == batch else { return nil }
            dataShapes.append((entry.name, [sliceRows] + entry.shape.dropFirst()))
            batchShapes[entry.name] = entry.shape
        }
        var labelShapes: [(name: String, shape: [Int])] = []
        for entry in iterator.provideLabel where labelNames.contains(entry.name) {
            guard entry.shape.first == batch else { return nil }
            labelShapes.append((entry.name, [sliceRows] + entry.shape.dropFirst()))
            batchShapes[entry.name] = entry.shape
        }
        let batchOutput = try graph.inferOutputShape(batchShapes)
        guard batchOutput.first == batch else { return nil }
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, (batch + sliceRows - 1) / sliceRows)
        let slices = try (0..<workers).map { worker in
            try executor(dataShapes: dataShapes, labelShapes: labelShapes, training: false, instance: worker, folding: folding)
        }
        guard slices.allSatisfy({ $0.outputShape.dropFirst() == batchOutput.dropFirst() }) else { return nil }
        return slices
    }

    /// Inference on the first `rows` rows of `iterator`'s current batch, slice by slice: each
    /// worker claims the next slice not yet taken and runs it on its own executor, so a worker
    /// on a busier core takes fewer slices; the output rows go to `output` (`[rows, rowSize]`).
    /// A last short slice is padded with zeros. Every row is computed as the whole batch would
    /// compute it (the graph is row-wise), whichever worker runs it, so the result is the same.
    /// `prepared[w]`: executor `w` has run a forward pass on the current parameters already (in
    /// an earlier batch of the same prediction); its first slice otherwise runs without reusing
    /// layouts (see `Executor.forward(isTraining:parametersUnchanged:)`), and sets it.
    func forward(rows: Int, of iterator: NDArrayIter, slices: [Executor], into output: UnsafeMutablePointer<Float>,
                 rowSize: Int, prepared: inout [Bool]) throws {
        let sliceRows = Self.inferenceSliceRows
        let sliceCount = (rows + sliceRows - 1) / sliceRows
        let inputs = zip(iterator.dataNames, iterator.batchData).filter { dataNames.contains($0.0) }
        let nextSlice = Atomic<Int>(0)
        var failure: Error?
        let lock = NSLock()
        prepared.withUnsafeMutableBufferPointer { prepared in
            DispatchQueue.concurrentPerform(iterations: min(slices.count, prepared.count)) { worker in
                let executor = slices[worker]
                do {
                    while true {
                        let slice = nextSlice.add(1, ordering: .relaxed).oldValue
                        guard slice < sliceCount else { break }
                        let first = slice * sliceRows, count = min(sliceRows, rows - first)
                        for (name, tensor) in inputs {
                            let destination = try executor.storage(of: name)
                            let width = destination.count / sliceRows
                            tensor.withUnsafeBufferPointer { source in
                                guard let base = source.baseAddress else { return }
                                destination.pointer.update(from: base + first * width, count: count * width)
                            }
                            if count < sliceRows {
                                (destination.pointer + count * width).update(repeating: 0, count: (sliceRows - count) * width)
                            }
                        }
                        try executor.forward(isTraining: false, parametersUnchanged: prepared[worker])
                        prepared[worker] = true
                        (output + first * rowSize).update(from: executor.outputStorage.pointer, count: count * rowSize)
                    }
                } catch {
                    // Stop the other workers at their next claim.
                    nextSlice.store(sliceCount, ordering: .relaxed)
                    lock.lock()
                    if failure == nil { failure = error }
                    lock.unlock()
                }
            }
        }
        if let failure { throw failure }
    }

    /// Brings the parameters up to date for inference (see `synchronizeParameters`).
    /// - Throws: `EngineError.invalidArgument` when they are not initialised.
    private func prepareInference() throws {
        synchronizeParameters()
        guard parametersInitialized else {
            throw EngineError.invalidArgument("parameters are not initialized; call fit or init_params first")
        }
    }

    /// How many batches MXNet's `num_batch` runs: nil (every batch) for nil or a negative value,
    /// as MXNet's loop stops only when the batch number equals `num_batch`.
    static func batchLimit(_ numBatch: Int?) -> Int? {
        numBatch.flatMap { $0 >= 0 ? $0 : nil }
    }

    /// The samples the first `numBatch` batches of `iterator` hold, padding removed (all of
    /// them when `batchLimit(numBatch)` is nil).
    func sampleCount(of iterator: NDArrayIter, numBatch: Int?) -> Int {
        guard let numBatch = Self.batchLimit(numBatch) else { return iterator.samplesPerEpoch }
        let batchSize = iterator.provideData.first?.shape.first ?? 0
        let (product, overflow) = numBatch.multipliedReportingOverflow(by: batchSize)
        return overflow ? iterator.samplesPerEpoch : min(iterator.samplesPerEpoch, product)
    }

    /// Evaluates `metrics` over `iterator` (MXNet `score`), or over its first `numBatch`
    /// batches: resets the iterator and the metric, runs inference batches, counts padded
    /// samples as MXNet does.
    /// - Returns: (name, value) pairs, e.g. `[("rmse", 0.87)]`.
    /// - Throws: as `predict`, and `EngineError.invalidArgument` when the iterator has no label.
    public func score(_ iterator: NDArrayIter, metrics: CompositeMetric, numBatch: Int? = nil,
                      shouldStop: () -> Bool = { false }) throws -> [(String, Double)] {
        try prepareInference()
        let limit = Self.batchLimit(numBatch)
        let (executor, _) = try inferenceExecutor(for: iterator, samples: sampleCount(of: iterator, numBatch: numBatch))
        iterator.reset()
        metrics.reset()
        var batches = 0
        while limit.map({ batches < $0 }) ?? true, iterator.advance() {
            batches += 1
            if shouldStop() { throw EngineError.interrupted }
            try load(iterator, into: executor)
            try executor.forward(isTraining: false)
            try updateMetric(metrics, iterator: iterator, executor: executor)
        }
        return metrics.nameValues
    }

    /// Evaluates metrics given by name (e.g. `["rmse"]`).
    public func score(_ iterator: NDArrayIter, metricNames: [String], numBatch: Int? = nil,
                      shouldStop: () -> Bool = { false }) throws -> [(String, Double)] {
        try score(iterator, metrics: CompositeMetric(names: metricNames), numBatch: numBatch, shouldStop: shouldStop)
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
