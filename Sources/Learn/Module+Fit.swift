// Module.fit: MXNet 1.x's training loop, its defaults and its log lines.
import Foundation
import Graph
import Tensor

extension Module {
    /// Trains for `numEpoch` epochs (MXNet `Module.fit`, 1.9.1 defaults and log text).
    ///
    /// Binds, initialises parameters (unless already initialised) and installs the optimizer
    /// (unless one is installed) first. Defaults follow MXNet: optimizer `sgd`, options
    /// `[("learning_rate", 0.01)]` whichever optimizer is named (so `adam` alone is Adam at
    /// 0.01), `Uniform(0.01)` weights, `rescale_grad = 1 / batchSize`, metric `acc`.
    ///
    /// Each epoch logs, through `log` and without the `INFO:root:` prefix:
    /// `Epoch[0] Train-rmse=1.009686`, `Epoch[0] Time cost=0.077` (the training pass only),
    /// and with `evalData` `Epoch[0] Validation-rmse=1.014206`; the Speedometer adds its lines.
    ///
    /// - Parameters:
    ///   - shouldStop: polled before every batch (training and validation); when it returns
    ///     `true` training stops with `EngineError.interrupted`, the parameters keep the updates
    ///     made so far.
    ///   - warn: receives warnings (without the `WARNING:root:` prefix).
    ///   - batchEnded: called after each training batch with the epoch, the batch index
    ///     (0-based) and the training metric so far this epoch (for a progress display); it
    ///     changes nothing in training or logging.
    /// - Throws: binding, initialisation and operator errors; `EngineError.interrupted`.
    public func fit(
        _ trainData: NDArrayIter,
        evalData: NDArrayIter? = nil,
        evalMetric: [String] = ["acc"],
        numEpoch: Int,
        beginEpoch: Int = 0,
        optimizer optimizerName: String = "sgd",
        optimizerParams: [(String, Double)] = [("learning_rate", 0.01)],
        initializer: Initializer = .uniform(scale: 0.01),
        batchEndCallback: Speedometer? = nil,
        log: (String) -> Void = { _ in },
        warn: (String) -> Void = { _ in },
        shouldStop: () -> Bool = { false },
        batchEnded: ((_ epoch: Int, _ batch: Int, _ metric: CompositeMetric) -> Void)? = nil
    ) throws {
        let labels = trainData.provideLabel.filter { labelNames.contains($0.name) }
        try bind(dataShapes: trainData.provideData, labelShapes: labels, forTraining: true)
        guard let executor = boundExecutor else {
            throw EngineError.invalidArgument("binding the module failed")
        }
        try initParams(initializer: initializer)
        if optimizerInitialized {
            warn("optimizer already initialized, ignoring...")
        } else {
            try initOptimizer(name: optimizerName, options: optimizerParams)
        }
        // Lazily updated embedding rows are brought up to date however fit ends.
        defer { synchronizeParameters() }
        let trainMetric = try CompositeMetric(names: evalMetric)
        let validationMetric = try CompositeMetric(names: evalMetric)

        for epoch in beginEpoch..<max(numEpoch, beginEpoch) {
            let start = DispatchTime.now().uptimeNanoseconds
            trainMetric.reset()
            trainData.reset()
            var batch = 0
            var hasBatch = trainData.advance()
            while hasBatch {
                if shouldStop() { throw EngineError.interrupted }
                try load(trainData, into: executor)
                try catchUpLazyRows()
                try executor.forward(isTraining: true)
                try executor.backward()
                try update()
                try updateMetric(trainMetric, iterator: trainData, executor: executor)
                hasBatch = trainData.advance()
                if let callback = batchEndCallback,
                   let line = callback.batchEnded(epoch: epoch, batch: batch, metric: trainMetric) {
                    log(line)
                }
                batchEnded?(epoch, batch, trainMetric)
                batch += 1
            }
            for (name, value) in trainMetric.globalNameValues {
                log("Epoch[\(epoch)] Train-\(name)=\(formatMetric(value))")
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            log("Epoch[\(epoch)] Time cost=\(String(format: "%.3f", seconds))")
            if let evalData {
                for (name, value) in try score(evalData, metrics: validationMetric, shouldStop: shouldStop) {
                    log("Epoch[\(epoch)] Validation-\(name)=\(formatMetric(value))")
                }
            }
        }
    }
}
