// Module: a symbol with bound executors, parameters and an optimizer (MXNet 1.x mx.module.Module).
import Foundation
import Graph
import Tensor

/// Trains and evaluates a symbol (MXNet `mx.module.Module`): `bind` to data shapes,
/// `initParams`, `fit`, `predict`, `score`.
///
/// Arguments that are neither data nor labels are the parameters. Parameters and auxiliary
/// states live in buffers shared by every executor the module binds (one per batch shape), so
/// training, prediction and scoring at other batch sizes see the same values.
public final class Module {
    public let symbol: Symbol
    /// Input names, e.g. `["user", "movie"]`.
    public let dataNames: [String]
    /// Label names present in the symbol (e.g. `["softmax_label"]`).
    public let labelNames: [String]
    /// Learnable parameters in MXNet's order (`symbol.listArguments()` minus data and labels).
    public let parameterNames: [String]
    /// Auxiliary states (BatchNorm's moving statistics).
    public let auxiliaryNames: [String]

    private var buffers: [String: TensorStorage] = [:]
    private var parameterShapes: [String: [Int]] = [:]
    private var executors: [String: Executor] = [:]
    private var trainingExecutor: Executor?
    /// The tables of folded inference (`InferenceFolding.projections`) by name, allocated on
    /// first use and recomputed before every pass that reads them.
    private var projectionBuffers: [String: TensorStorage] = [:]
    /// The `parameterVersion` each table of `projectionBuffers` was computed from.
    private var projectionVersions: [String: Int] = [:]
    /// Counts the changes of the parameters (initialisation, `setParameters`, optimizer steps),
    /// so that tables computed from them are recomputed only after a change.
    private var parameterVersion = 0
    var optimizer: Optimizer?
    /// Embedding tables updated row-lazily by Adam (found when an optimizer is installed).
    var lazyRows = LazyRowPlan()
    /// The rows the current training batch reads, per lazily updated parameter index.
    var batchRows: [Int: [Int]] = [:]

    /// Whether `bind` has run.
    public var isBound: Bool { trainingExecutor != nil }
    /// Whether parameters have been initialised or set.
    public private(set) var parametersInitialized = false
    /// Whether an optimizer is installed.
    public var optimizerInitialized: Bool { optimizer != nil }

    /// A module over `symbol`.
    /// - Parameters:
    ///   - dataNames: the symbol's input arguments (MXNet `data_names`).
    ///   - labelNames: label arguments (MXNet `label_names`, default `["softmax_label"]`);
    ///     names the symbol lacks are ignored, as MXNet does (with a warning there).
    /// - Throws: `EngineError.invalidArgument` when a data name is not an argument of `symbol`.
    public init(symbol: Symbol, dataNames: [String] = ["data"], labelNames: [String] = ["softmax_label"]) throws {
        let arguments = symbol.listArguments()
        for name in dataNames where !arguments.contains(name) {
            throw EngineError.invalidArgument(
                "You created Module with data_names \(pythonList(dataNames)) but input with name '\(name)' is not found in symbol.list_arguments(). Did you mean one of: \(arguments.joined(separator: ", "))")
        }
        self.symbol = symbol
        self.dataNames = dataNames
        self.labelNames = labelNames.filter { arguments.contains($0) }
        parameterNames = arguments.filter { !dataNames.contains($0) && !labelNames.contains($0) }
        auxiliaryNames = symbol.listAuxiliaryStates()
    }

    // MARK: Binding

    /// Binds for the given batch shapes: infers parameter shapes, allocates the parameter buffers
    /// (first time), and an executor with gradients for the parameters when `forTraining`.
    /// - Throws: shape errors, `EngineError.invalidArgument` when a data name has no shape,
    ///   `.outOfMemory`.
    public func bind(dataShapes: [(name: String, shape: [Int])], labelShapes: [(name: String, shape: [Int])] = [],
                     forTraining: Bool = true) throws {
        let executor = try executor(dataShapes: dataShapes, labelShapes: labelShapes, training: forTraining)
        if trainingExecutor == nil || forTraining { trainingExecutor = executor }
    }

    /// The executor for these batch shapes, created (sharing the parameter buffers) on first use;
    /// `instance` tells apart executors of the same shapes that must not be shared (one per
    /// worker thread of sliced inference).
    ///
    /// With `folding` (inference only), the executor runs the folded graph, reading the
    /// projection tables from `projectionBuffers`.
    func executor(dataShapes: [(name: String, shape: [Int])], labelShapes: [(name: String, shape: [Int])],
                  training: Bool, instance: Int = 0, folding: InferenceFolding? = nil) throws -> Executor {
        var known: [String: [Int]] = [:]
        for name in dataNames {
            guard let entry = dataShapes.first(where: { $0.name == name }) else {
                throw EngineError.invalidArgument("the data iterator provides no input named '\(name)' (it provides \(pythonList(dataShapes.map(\.name))))")
            }
            known[name] = entry.shape
        }
        for entry in labelShapes where labelNames.contains(entry.name) { known[entry.name] = entry.shape }
        let key = (training ? "train|" : folding == nil ? "infer|" : "fold|") + "\(instance)|"
            + known.keys.sorted().map { "\($0)=\(known[$0] ?? [])" }.joined(separator: ",")
        if let existing = executors[key] { return existing }
        if buffers.isEmpty {
            let shapes = try symbol.inferShape(known)
            try MemoryGuard.check(count: (parameterNames + auxiliaryNames).reduce(0) { $0 + (shapes[$1]?.reduce(1, *) ?? 0) })
            for name in parameterNames + auxiliaryNames {
                guard let shape = shapes[name] else {
                    throw EngineError.shapeMismatch("cannot infer the shape of '\(name)'")
                }
                parameterShapes[name] = shape
                buffers[name] = try TensorStorage(count: shape.reduce(1, *))
            }
        }
        let executor: Executor
        if let folding, !training {
            executor = try Executor(symbol: folding.symbol, shapes: known,
                                    sharedStorage: buffers.merging(projectionBuffers) { parameter, _ in parameter })
        } else {
            executor = try Executor(symbol: symbol, shapes: known,
                                    gradientNames: training ? Set(parameterNames) : [], sharedStorage: buffers)
        }
        executors[key] = executor
        return executor
    }

    /// An executor for inference over `iterator`'s batches: the folded graph (its tables
    /// computed from the current parameters) when `Symbol.foldingEmbeddingProjections` applies
    /// and pays off over the iterator's samples; else the training executor when its shapes
    /// match (MXNet scores with the module's own executor), or one bound for these shapes.
    /// Call once per pass over `samples` of the iterator's samples, after
    /// `synchronizeParameters()`.
    /// - Returns: the executor, and the folding it runs (nil: the original graph).
    func inferenceExecutor(for iterator: NDArrayIter, samples: Int) throws -> (Executor, InferenceFolding?) {
        let folding = try preparedFolding(for: iterator, samples: samples)
        return (try inferenceExecutor(for: iterator, folding: folding), folding)
    }

    /// The folding `inferenceFolding(for:samples:)` chooses, its tables computed from the
    /// current parameters; nil when inference runs the original graph.
    func preparedFolding(for iterator: NDArrayIter, samples: Int) throws -> InferenceFolding? {
        guard let folding = try inferenceFolding(for: iterator, samples: samples) else { return nil }
        try computeProjections(folding)
        return folding
    }

    /// The executor running `folding`'s graph (its tables computed) over `iterator`'s batches,
    /// or without folding the training executor when its shapes match, else one bound for them.
    func inferenceExecutor(for iterator: NDArrayIter, folding: InferenceFolding?) throws -> Executor {
        guard let folding else { return try unfoldedInferenceExecutor(for: iterator) }
        let labels = iterator.provideLabel.filter { labelNames.contains($0.name) }
        return try executor(dataShapes: iterator.provideData, labelShapes: labels, training: false, folding: folding)
    }

    private func unfoldedInferenceExecutor(for iterator: NDArrayIter) throws -> Executor {
        if let training = trainingExecutor,
           dataNames.allSatisfy({ name in iterator.provideData.first { $0.name == name }?.shape == training.shapes[name] }) {
            return training
        }
        let labels = iterator.provideLabel.filter { labelNames.contains($0.name) }
        return try executor(dataShapes: iterator.provideData, labelShapes: labels, training: false)
    }

    // MARK: Parameters

    /// Initialises every parameter and auxiliary state in name order (MXNet sorts them), weights
    /// by `initializer` from the engine generator, the others by name pattern; values in
    /// `parameters` (by name) are copied instead.
    /// - Parameter force: re-initialise even if already initialised (MXNet `force_init`).
    /// - Throws: `EngineError.invalidArgument` before `bind` or for a name matching no pattern,
    ///   `.shapeMismatch` for a given value of the wrong size.
    public func initParams(initializer: Initializer = .uniform(scale: 0.01), parameters: [String: Tensor] = [:],
                           force: Bool = false) throws {
        guard isBound else { throw EngineError.invalidArgument("call bind before initializing the parameters") }
        if parametersInitialized && !force { return }
        synchronizeParameters()
        var generator = EngineRandom.makeGenerator()
        for name in (parameterNames + auxiliaryNames).sorted() {
            guard let buffer = buffers[name], let shape = parameterShapes[name] else { continue }
            if let given = parameters[name] {
                try copy(given, into: buffer, name: name)
            } else {
                try initializer.initialize(name: name, shape: shape, buffer: buffer.pointer, generator: &generator)
            }
        }
        parametersInitialized = true
        parameterVersion += 1
    }

    /// Copies of the parameters and auxiliary states by name (MXNet `get_params`, merged).
    public var parameters: [String: Tensor] {
        synchronizeParameters()
        var result: [String: Tensor] = [:]
        for (name, buffer) in buffers {
            guard let shape = parameterShapes[name], var tensor = try? Tensor(shape: shape) else { continue }
            tensor.withUnsafeMutableBufferPointer { $0.baseAddress?.update(from: buffer.pointer, count: buffer.count) }
            result[name] = tensor
        }
        return result
    }

    /// Sets parameters or auxiliary states by name (MXNet `set_params`); marks them initialised.
    /// - Throws: `EngineError.invalidArgument` before `bind`, `.unknownName`, `.shapeMismatch`.
    public func setParameters(_ values: [String: Tensor]) throws {
        guard isBound else { throw EngineError.invalidArgument("call bind before setting parameters") }
        synchronizeParameters()
        for (name, tensor) in values {
            guard let buffer = buffers[name] else {
                throw EngineError.unknownName("'\(name)' is not a parameter of this module; parameters are \(pythonList(parameterNames + auxiliaryNames))")
            }
            try copy(tensor, into: buffer, name: name)
        }
        parametersInitialized = true
        parameterVersion += 1
    }

    private func copy(_ tensor: Tensor, into buffer: TensorStorage, name: String) throws {
        guard tensor.count == buffer.count else {
            throw EngineError.shapeMismatch("'\(name)' has shape \(parameterShapes[name] ?? []), got a value of shape \(tensor.shape)")
        }
        tensor.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.pointer.update(from: base, count: buffer.count) }
        }
    }

    // MARK: Optimizer

    /// Installs an optimizer by MXNet name and options (see `makeOptimizer`); `rescale_grad`
    /// defaults to `1 / batchSize` of the training binding (MXNet `init_optimizer`).
    /// - Throws: `EngineError.invalidArgument` before `bind` or for unknown names/options.
    public func initOptimizer(name: String = "sgd", options: [(String, Double)] = [("learning_rate", 0.01)],
                              force: Bool = false) throws {
        guard let executor = trainingExecutor else {
            throw EngineError.invalidArgument("call bind before initializing the optimizer")
        }
        if optimizer != nil && !force { return }
        var options = options
        if !options.contains(where: { $0.0 == "rescale_grad" }) {
            let batchSize = dataNames.first.flatMap { executor.shapes[$0]?.first } ?? 1
            options.append(("rescale_grad", 1.0 / Double(max(batchSize, 1))))
        }
        let optimizer = try makeOptimizer(name: name, options: options)
        try install(optimizer)
    }

    /// Installs a ready-made optimizer (its `rescaleGrad` is used as set).
    /// - Throws: `EngineError.invalidArgument` before `bind`, `.outOfMemory` for its state.
    public func install(_ optimizer: Optimizer) throws {
        guard isBound else { throw EngineError.invalidArgument("call bind before installing an optimizer") }
        synchronizeParameters()
        try optimizer.prepare(names: parameterNames, counts: parameterNames.map { buffers[$0]?.count ?? 0 })
        self.optimizer = optimizer
        lazyRows = LazyRowPlan(symbol: symbol, dataNames: dataNames, parameterNames: parameterNames)
    }

    /// Finds the rows of every row-lazily updated embedding table that the executor's current
    /// batch reads, for `update`: tables with `sparse_grad=True` under an optimizer with
    /// `lazy_update` (MXNet's lazy update), and other tables under Adam, whose rows are first
    /// brought up to date (see `Adam.catchUpRows`). A table that one `Embedding` alone reads
    /// gets a row-sparse gradient from the coming backward pass
    /// (`Executor.prepareRowSparseGradient(of:)`); the rows of a table that several read come
    /// from `Executor.rowsRead(of:)`. Call after loading a training batch and before its
    /// forward pass.
    /// - Throws: the embedding's error for a bad index.
    func catchUpLazyRows() throws {
        batchRows.removeAll(keepingCapacity: true)
        guard let executor = trainingExecutor, let optimizer else { return }
        for (index, name) in parameterNames.enumerated() {
            guard let table = lazyRows.tables[index], let weight = buffers[name], table.width > 0,
                  weight.count % table.width == 0 else { continue }
            let sparseUpdate = table.sparseGradient && (optimizer as? RowSparseUpdating)?.lazyUpdate == true
            let adam = sparseUpdate ? nil : (optimizer as? Adam).flatMap { $0.canUpdateLazily(index: index) ? $0 : nil }
            guard sparseUpdate || adam != nil else { continue }
            guard let rows = try executor.prepareRowSparseGradient(of: name) ?? executor.rowsRead(of: name) else { continue }
            adam?.catchUpRows(index: index, weight: weight.pointer, count: weight.count, width: table.width, rows: rows)
            batchRows[index] = rows
        }
    }

    /// One optimizer step over every parameter from the training executor's gradients; the
    /// tables `catchUpLazyRows` chose step only the rows it found (the others have a zero
    /// gradient), from their row-sparse gradient when the backward pass stored one.
    func update() throws {
        guard let executor = trainingExecutor, let optimizer else {
            throw EngineError.invalidArgument("call bind and initOptimizer before update")
        }
        for (index, name) in parameterNames.enumerated() {
            guard let weight = buffers[name], let gradient = executor.gradientStorage(of: name) else { continue }
            if let table = lazyRows.tables[index], var rows = batchRows[index] {
                var tableGradient = TableGradient.dense(gradient.pointer)
                if let sparse = executor.rowSparseGradient(of: name) {
                    (rows, tableGradient) = (sparse.rows, .compact(sparse.values))
                }
                if table.sparseGradient, let sparse = optimizer as? RowSparseUpdating, sparse.lazyUpdate {
                    sparse.updateTouchedRows(index: index, weight: weight.pointer, gradient: tableGradient,
                                             width: table.width, rows: rows)
                    continue
                }
                if let adam = optimizer as? Adam {
                    adam.updateRows(index: index, weight: weight.pointer, gradient: tableGradient,
                                    count: weight.count, width: table.width, rows: rows)
                    continue
                }
            }
            optimizer.update(index: index, weight: weight.pointer, gradient: gradient.pointer, count: weight.count)
        }
        batchRows.removeAll(keepingCapacity: true)
        parameterVersion += 1
    }

    /// Brings row-lazily updated embedding tables up to date (exactly what dense Adam would
    /// hold), before anything reads or replaces the parameters.
    func synchronizeParameters() {
        guard let adam = optimizer as? Adam else { return }
        for (index, name) in parameterNames.enumerated() {
            guard let weight = buffers[name] else { continue }
            adam.synchronizeRows(index: index, weight: weight.pointer)
        }
    }

    /// The training executor (after `bind`).
    var boundExecutor: Executor? { trainingExecutor }

    // MARK: Folded inference

    /// The folded graph `predict` and `score` run over `iterator` (see
    /// `Symbol.foldingEmbeddingProjections`): nil when no layer folds, when a parameter it
    /// reads is not this module's, or when it does not pay off over `samples` rows (default:
    /// all of the iterator's; `InferenceFolding.paysOff`); they then run the symbol as it is.
    /// - Throws: shape errors for data shapes the symbol does not accept.
    public func inferenceFolding(for iterator: NDArrayIter, samples: Int? = nil) throws -> InferenceFolding? {
        var known: [String: [Int]] = [:]
        for entry in iterator.provideData where dataNames.contains(entry.name) { known[entry.name] = entry.shape }
        guard known.count == dataNames.count,
              let folding = try symbol.foldingEmbeddingProjections(known),
              folding.paysOff(samples: samples ?? iterator.samplesPerEpoch) else { return nil }
        for projection in folding.projections {
            let names = [projection.embeddingWeight, projection.fullyConnectedWeight] + (projection.bias.map { [$0] } ?? [])
            guard names.allSatisfy({ buffers[$0] != nil }) else { return nil }
        }
        return folding
    }

    /// Computes every table of `folding` from the current parameters into `projectionBuffers`
    /// (allocating them on first use), unless it was computed since the parameters last changed.
    /// - Throws: `EngineError.outOfMemory`, `.shapeMismatch` when a parameter's size is not
    ///   what the table needs.
    private func computeProjections(_ folding: InferenceFolding) throws {
        for projection in folding.projections {
            let count = projection.inputDim * projection.hidden
            if projectionBuffers[projection.name]?.count != count {
                try MemoryGuard.check(count: count)
                projectionBuffers[projection.name] = try TensorStorage(count: count)
                projectionVersions[projection.name] = nil
            }
        }
        for projection in folding.projections where projectionVersions[projection.name] != parameterVersion {
            guard let table = projectionBuffers[projection.name],
                  let embedding = buffers[projection.embeddingWeight],
                  embedding.count == projection.inputDim * projection.width,
                  let weight = buffers[projection.fullyConnectedWeight],
                  weight.count == projection.hidden * projection.features else {
                throw EngineError.shapeMismatch("\(projection.name): the parameters do not match the folded layer")
            }
            let bias = projection.bias.flatMap { buffers[$0] }
            guard projection.bias == nil || bias?.count == projection.hidden else {
                throw EngineError.shapeMismatch("\(projection.name): the bias does not match the folded layer")
            }
            projection.compute(embedding: embedding.pointer, weight: weight.pointer, bias: bias.map { UnsafePointer($0.pointer) },
                               into: table.pointer)
            projectionVersions[projection.name] = parameterVersion
        }
    }
}

/// Names as Python prints a list of strings, `['user', 'movie']`, for messages.
func pythonList(_ names: [String]) -> String {
    "[" + names.map { "'\($0)'" }.joined(separator: ", ") + "]"
}
