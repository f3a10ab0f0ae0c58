// The executor: binds a symbol to shapes once (every buffer allocated up front), then runs
// forward and backward passes over those buffers without allocating.
import Tensor

/// A symbol bound to concrete shapes: owns the argument, auxiliary-state, activation and gradient
/// buffers (MXNet's `Executor`, `grad_req='write'`).
///
/// `backward()` walks the operators in reverse topological order; each operator writes the
/// gradient of an input it is the last consumer of and adds to it otherwise, so values used by
/// several operators accumulate their gradients.
public final class Executor {
    /// The bound symbol.
    public let symbol: Symbol
    /// Argument names in MXNet order (`symbol.listArguments()`).
    public let argumentNames: [String]
    /// Auxiliary state names (`symbol.listAuxiliaryStates()`).
    public let auxiliaryNames: [String]
    /// The shape of every argument and auxiliary state, by name.
    public let shapes: [String: [Int]]
    /// The output's shape, e.g. `[batch, 1]`.
    public let outputShape: [Int]
    /// Names of the arguments that receive gradients.
    public let gradientNames: Set<String>

    private var values: [String: TensorStorage] = [:]
    private var gradients: [String: TensorStorage] = [:]
    private var nodeOutputs: [ObjectIdentifier: TensorStorage] = [:]
    private var nodeGradients: [ObjectIdentifier: TensorStorage] = [:]
    private var kernels: [(kernel: OperatorKernel, needsGradient: Bool)] = []
    /// The embedding layers that read each weight, by weight name.
    private var embeddingKernels: [String: [EmbeddingKernel]] = [:]
    /// The fully connected layers (told by `forward` whether they may reuse their weight layout).
    private var fullyConnectedKernels: [FullyConnectedKernel] = []
    private let outputBuffer: TensorStorage
    private let headGradient: TensorStorage?

    /// Binds `symbol` to `shapes` (data and label shapes; parameter shapes are inferred).
    ///
    /// - Parameters:
    ///   - shapes: known argument shapes by name, e.g. `["user": [100], "movie": [100]]`.
    ///   - gradientNames: arguments whose gradients `backward()` computes (usually the parameters).
    ///   - sharedStorage: existing buffers to use for some arguments or auxiliary states (so that
    ///     executors of different batch sizes share parameters); each must hold exactly the
    ///     inferred number of elements.
    /// - Throws: shape errors from `Symbol.inferShape`, `EngineError.unknownName` for a gradient
    ///   name that is not an argument, `EngineError.outOfMemory` when the buffers do not fit.
    public init(
        symbol: Symbol, shapes known: [String: [Int]], gradientNames: Set<String> = [],
        sharedStorage: [String: TensorStorage] = [:]
    ) throws {
        self.symbol = symbol
        argumentNames = symbol.listArguments()
        auxiliaryNames = symbol.listAuxiliaryStates()
        let inferred = try symbol.inferAllShapes(known)
        let order = symbol.topologicalOrder()
        var allShapes: [String: [Int]] = [:]
        for name in argumentNames + auxiliaryNames {
            guard let shape = inferred.variables[name] else {
                throw EngineError.shapeMismatch("cannot infer the shape of '\(name)'; give its shape when binding")
            }
            allShapes[name] = shape
        }
        shapes = allShapes
        for name in gradientNames where !argumentNames.contains(name) {
            throw EngineError.unknownName("cannot compute the gradient of '\(name)': it is not an argument of \(symbol.name)")
        }
        self.gradientNames = gradientNames

        // Memory: check the total first, so that a too-large model fails before any allocation.
        var total = 0
        for (name, shape) in allShapes where sharedStorage[name] == nil {
            total += shape.reduce(1, *) * (gradientNames.contains(name) ? 2 : 1)
        }
        for node in order where !node.isVariable { total += 2 * (inferred.nodes[ObjectIdentifier(node)]?.reduce(1, *) ?? 0) }
        try MemoryGuard.check(count: total)

        for (name, shape) in allShapes {
            let count = shape.reduce(1, *)
            if let shared = sharedStorage[name] {
                guard shared.count == count else {
                    throw EngineError.shapeMismatch("'\(name)' would need shape \(shape) (\(count) elements) for these input shapes, but the existing parameter has \(shared.count) elements: the inputs' shapes differ from those the parameters were made for")
                }
                values[name] = shared
            } else {
                values[name] = try TensorStorage(count: count)
            }
            if gradientNames.contains(name) { gradients[name] = try TensorStorage(count: count) }
        }

        // Which nodes carry a gradient: those that depend on an argument with a gradient.
        var needsGradient = Set<ObjectIdentifier>()
        for node in order {
            let id = ObjectIdentifier(node)
            if node.isVariable {
                if gradientNames.contains(node.name) { needsGradient.insert(id) }
            } else if node.inputs.contains(where: { needsGradient.contains(ObjectIdentifier($0)) }) {
                needsGradient.insert(id)
            }
        }
        // A ReLU whose input is a fully connected, batch norm or projected-embedding sum layer
        // read by nothing else runs inside that layer, in place: the activation's output is the
        // layer's output buffer.
        var readers: [ObjectIdentifier: Int] = [:]
        for node in order { for input in node.inputs { readers[ObjectIdentifier(input), default: 0] += 1 } }
        var fusedRelu = Set<ObjectIdentifier>()
        for node in order {
            guard case .activation(.relu) = node.operation, let input = node.inputs.first,
                  readers[ObjectIdentifier(input)] == 1 else { continue }
            switch input.operation {
            case .fullyConnected, .batchNorm, .projectedEmbeddingSum: break
            default: continue
            }
            fusedRelu.insert(ObjectIdentifier(input))
            fusedRelu.insert(ObjectIdentifier(node))
        }
        // Embeddings that only a concatenation reads write into its columns, and read their
        // output gradients from its gradient: they get no buffers, the concatenation no kernel.
        let views = concatViews(order: order, graphOutput: symbol, readers: readers, shapes: inferred.nodes)
        let viewedConcats = Set(views.values.map(\.concat))
        for node in order where !node.isVariable && views[ObjectIdentifier(node)] == nil {
            let id = ObjectIdentifier(node)
            let count = inferred.nodes[id]?.reduce(1, *) ?? 0
            // Outputs that are their input's buffer: flatten's (it changes only the shape) and a
            // fused ReLU's (its producer rectified the buffer in place).
            let sharesInput: Bool
            switch node.operation {
            case .flatten: sharesInput = true
            case .activation: sharesInput = fusedRelu.contains(id)
            default: sharesInput = false
            }
            if sharesInput, let input = node.inputs.first,
               let source = input.isVariable ? values[input.name] : nodeOutputs[ObjectIdentifier(input)],
               source.count == count {
                nodeOutputs[id] = source
            } else {
                nodeOutputs[id] = try TensorStorage(count: count)
            }
        }

        // Gradient requests: walking consumers in reverse order, the first to reach a value writes.
        var written = Set<ObjectIdentifier>()
        var requests: [ObjectIdentifier: [GradientRequest]] = [:]
        var consumers: [ObjectIdentifier: Int] = [:]
        for node in order.reversed() where !node.isVariable && needsGradient.contains(ObjectIdentifier(node)) {
            requests[ObjectIdentifier(node)] = node.inputs.map { input in
                let id = ObjectIdentifier(input)
                guard needsGradient.contains(id) else { return .none }
                consumers[id, default: 0] += 1
                return written.insert(id).inserted ? .write : .add
            }
        }
        // A fused ReLU read only by a fully connected layer (which writes its gradient) runs its
        // backward pass inside that layer too: the layer writes its input gradient, masked by
        // [input > 0], straight into the ReLU's input gradient buffer, and the ReLU does nothing.
        var gradientMaskedByReader = Set<ObjectIdentifier>()
        for node in order where needsGradient.contains(ObjectIdentifier(node)) {
            guard case .fullyConnected = node.operation, let input = node.inputs.first, input !== symbol,
                  case .activation(.relu) = input.operation, fusedRelu.contains(ObjectIdentifier(input)),
                  consumers[ObjectIdentifier(input)] == 1, readers[ObjectIdentifier(input)] == 1,
                  requests[ObjectIdentifier(node)]?.first == .write,
                  requests[ObjectIdentifier(input)]?.first == .write else { continue }
            gradientMaskedByReader.insert(ObjectIdentifier(input))
            gradientMaskedByReader.insert(ObjectIdentifier(node))
        }
        for node in order where !node.isVariable && needsGradient.contains(ObjectIdentifier(node))
            && views[ObjectIdentifier(node)] == nil {
            let id = ObjectIdentifier(node)
            let count = inferred.nodes[id]?.reduce(1, *) ?? 0
            // Output gradients that are their input's gradient buffer: flatten's when it alone
            // writes that buffer (the backward copy is then skipped), and a ReLU's whose backward
            // pass runs in the layer that reads it.
            let sharesInputGradient: Bool
            switch node.operation {
            case .flatten: sharesInputGradient = node.inputs.first.map { consumers[ObjectIdentifier($0)] == 1 } ?? false
            case .activation: sharesInputGradient = gradientMaskedByReader.contains(id)
            default: sharesInputGradient = false
            }
            if sharesInputGradient, let input = node.inputs.first,
               let target = input.isVariable ? gradients[input.name] : nodeGradients[ObjectIdentifier(input)],
               target.count == count {
                nodeGradients[id] = target
            } else {
                nodeGradients[id] = try TensorStorage(count: count)
            }
        }

        let (values, gradients, nodeOutputs, nodeGradients) = (values, gradients, nodeOutputs, nodeGradients)
        func storage(of input: Symbol) -> TensorStorage? {
            input.isVariable ? values[input.name] : nodeOutputs[ObjectIdentifier(input)]
        }
        func gradientStorage(of input: Symbol) -> TensorStorage? {
            input.isVariable ? gradients[input.name] : nodeGradients[ObjectIdentifier(input)]
        }
        for node in order where !node.isVariable {
            let id = ObjectIdentifier(node)
            if viewedConcats.contains(id) { continue }
            let view = views[id]
            guard let output = nodeOutputs[view?.concat ?? id] else {
                throw EngineError.shapeMismatch("\(node.name): the output has no buffer")
            }
            let outputGradient = nodeGradients[view?.concat ?? id]?.pointer
            let inputStorages = node.inputs.compactMap(storage(of:))
            guard inputStorages.count == node.inputs.count else {
                throw EngineError.shapeMismatch("\(node.name): an input has no buffer")
            }
            let inputShapes = node.inputs.map { input in
                (input.isVariable ? allShapes[input.name] : inferred.nodes[ObjectIdentifier(input)]) ?? []
            }
            let nodeRequests = requests[id] ?? Array(repeating: .none, count: node.inputs.count)
            let binding = KernelBinding(
                name: node.name, inputs: inputStorages.map(\.pointer), inputShapes: inputShapes,
                output: output.pointer + (view?.offset ?? 0), outputShape: inferred.nodes[id] ?? [],
                outputGradient: outputGradient.map { $0 + (view?.offset ?? 0) },
                inputGradients: zip(node.inputs, nodeRequests).map { input, request in
                    request == .none ? nil : gradientStorage(of: input)?.pointer
                },
                requests: nodeRequests)
            let soleGradientWriter = nodeRequests.indices.map { k in
                nodeRequests[k] == .write && consumers[ObjectIdentifier(node.inputs[k])] == 1
            }
            let kernel = try makeKernel(node, binding, soleGradientWriter: soleGradientWriter,
                                        fusedRelu: fusedRelu.contains(id),
                                        gradientMaskedByReader: gradientMaskedByReader.contains(id),
                                        outputRowStride: view?.stride)
            if let embedding = kernel as? EmbeddingKernel, node.inputs.count == 2, node.inputs[1].isVariable {
                embeddingKernels[node.inputs[1].name, default: []].append(embedding)
            }
            if let layer = kernel as? FullyConnectedKernel { fullyConnectedKernels.append(layer) }
            kernels.append((kernel, needsGradient.contains(id)))
        }

        if symbol.isVariable {
            guard let buffer = values[symbol.name] else {
                throw EngineError.unknownName(symbol.name)
            }
            outputBuffer = buffer
            outputShape = allShapes[symbol.name] ?? []
            headGradient = nil
        } else {
            let id = ObjectIdentifier(symbol)
            guard let buffer = nodeOutputs[id] else { throw EngineError.unknownName(symbol.name) }
            outputBuffer = buffer
            outputShape = inferred.nodes[id] ?? []
            headGradient = symbol.isLossLayer ? nil : nodeGradients[id]
        }
    }

    // MARK: Running

    /// Runs every operator forward. `isTraining` selects batch statistics (BatchNorm) and
    /// dropout masks, and makes BatchNorm update its moving statistics.
    /// - Parameter parametersUnchanged: in inference, the parameters hold the values of this
    ///   executor's previous forward pass (e.g. the slices of one prediction), so layers may
    ///   reuse the layouts they made of them (a fully connected layer's transposed weight).
    /// - Throws: an operator's error, e.g. `EngineError.indexOutOfRange` for a bad embedding index.
    public func forward(isTraining: Bool, parametersUnchanged: Bool = false) throws {
        for layer in fullyConnectedKernels { layer.reusesParameterLayout = parametersUnchanged }
        for entry in kernels { try entry.kernel.forward(isTraining: isTraining) }
    }

    /// Runs every operator backward, filling the gradients of `gradientNames`.
    ///
    /// - Parameter outputGradient: the gradient of the loss with respect to the output, for a
    ///   symbol that is not a loss layer (default: ones, i.e. the gradient of the output's sum).
    ///   Loss layers ignore it.
    /// - Throws: `EngineError.shapeMismatch` for a wrongly sized `outputGradient`, operator errors.
    public func backward(outputGradient: Tensor? = nil) throws {
        if let head = headGradient {
            if let given = outputGradient {
                guard given.count == head.count else {
                    throw EngineError.shapeMismatch("output gradient has \(given.count) elements, the output \(head.count)")
                }
                given.withUnsafeBufferPointer { source in
                    if let base = source.baseAddress { head.pointer.update(from: base, count: head.count) }
                }
            } else {
                head.pointer.update(repeating: 1, count: head.count)
            }
        }
        for entry in kernels.reversed() where entry.needsGradient { try entry.kernel.backward() }
    }

    // MARK: Buffers

    /// Copies `tensor` into the argument or auxiliary state `name` (same number of elements).
    /// - Throws: `EngineError.unknownName`, or `.shapeMismatch` when the sizes differ.
    public func setValue(_ name: String, to tensor: Tensor) throws {
        let destination = try storage(of: name)
        guard destination.count == tensor.count else {
            throw EngineError.shapeMismatch("'\(name)' has shape \(shapes[name] ?? []), cannot set it from shape \(tensor.shape)")
        }
        tensor.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { destination.pointer.update(from: base, count: destination.count) }
        }
    }

    /// A copy of the argument or auxiliary state `name`, with its bound shape.
    /// - Throws: `EngineError.unknownName`.
    public func value(of name: String) throws -> Tensor {
        try tensorCopy(storage(of: name), shape: shapes[name] ?? [])
    }

    /// A copy of the gradient of argument `name` from the last `backward()` (dense, also when
    /// it was stored row-sparse).
    /// - Throws: `EngineError.unknownName` when `name` gets no gradient.
    public func gradient(of name: String) throws -> Tensor {
        guard let buffer = gradients[name] else {
            throw EngineError.unknownName("'\(name)' has no gradient; bind it with gradientNames containing it")
        }
        guard let sparse = rowSparseGradient(of: name) else { return try tensorCopy(buffer, shape: shapes[name] ?? []) }
        var tensor = try Tensor(shape: shapes[name] ?? [])
        let width = (shapes[name] ?? []).dropFirst().reduce(1, *)
        tensor.withUnsafeMutableBufferPointer { destination in
            guard let base = destination.baseAddress else { return }
            for (j, row) in sparse.rows.enumerated() {
                (base + row * width).update(from: sparse.values + j * width, count: width)
            }
        }
        return tensor
    }

    // MARK: Row-sparse gradients

    /// Makes the next training pass store the gradient of embedding table `name` row-sparse
    /// (MXNet's `row_sparse` gradient of `Embedding(sparse_grad=True)`'s weight): only the rows
    /// the batch reads, the sum of their samples' output gradients in sample order (the dense
    /// gradient's values exactly). It groups the batch's samples by row now, so call it after
    /// setting the pass's inputs and before `forward(isTraining: true)`; an inference forward
    /// cancels it. `rowSparseGradient(of:)` then gives the result.
    /// - Returns: the rows the batch reads (unique, ascending), or nil when `name` is not the
    ///   weight of exactly one `Embedding` that alone writes its gradient (it stays dense).
    /// - Throws: the embedding's error for an index out of range, NaN or infinite.
    public func prepareRowSparseGradient(of name: String) throws -> [Int]? {
        guard gradients[name] != nil, let readers = embeddingKernels[name], readers.count == 1 else { return nil }
        return try readers[0].prepareRowSparseGradient()
    }

    /// The rows of embedding table `name` that the current inputs read, unique and ascending,
    /// over every `Embedding` reading it (for a table whose gradient stays dense, e.g. one
    /// weight shared by two embeddings); nil when no embedding reads `name`.
    /// - Throws: the reading embedding's error for an index out of range, NaN or infinite.
    public func rowsRead(of name: String) throws -> [Int]? {
        guard let readers = embeddingKernels[name], let first = readers.first,
              readers.allSatisfy({ $0.inputDim == first.inputDim }) else { return nil }
        let counts = readers.map(\.indexCount)
        guard RowGroups.canGroup(count: counts.reduce(0, +), rowCount: first.inputDim) else { return nil }
        var groups = RowGroups()
        try groups.group(readers.map(\.indices), counts: counts, rowCount: first.inputDim) { source, value in
            try readers[source].row(value)
        }
        return groups.rows
    }

    /// After a backward pass that `prepareRowSparseGradient(of:)` prepared: the gradient of
    /// table `name` as its rows (unique, ascending; every other row's gradient is zero) and
    /// `values`, `[rows.count, outputDim]` floats (row `j` is the gradient of row `rows[j]`),
    /// valid until the next backward pass. Nil when the last backward stored it dense.
    public func rowSparseGradient(of name: String) -> (rows: [Int], values: UnsafePointer<Float>)? {
        guard let buffer = gradients[name], let readers = embeddingKernels[name], readers.count == 1,
              let rows = readers[0].rowSparseRows else { return nil }
        return (rows, UnsafePointer(buffer.pointer))
    }

    /// A copy of the output of the last `forward`.
    public var output: Tensor {
        // The buffer's size already exists in memory; a failed check here cannot happen in practice.
        (try? tensorCopy(outputBuffer, shape: outputShape)) ?? Tensor([])
    }

    /// The buffer of an argument or auxiliary state, for in-place work (optimizers, iterators).
    /// Writing through it changes the executor's value directly.
    /// - Throws: `EngineError.unknownName`.
    public func storage(of name: String) throws -> TensorStorage {
        guard let buffer = values[name] else {
            throw EngineError.unknownName("'\(name)' is not an argument or auxiliary state of \(symbol.name)")
        }
        return buffer
    }

    /// The gradient buffer of argument `name`, or `nil` when it has none.
    public func gradientStorage(of name: String) -> TensorStorage? { gradients[name] }

    /// The output buffer (overwritten by each `forward`).
    public var outputStorage: TensorStorage { outputBuffer }

    private func tensorCopy(_ buffer: TensorStorage, shape: [Int]) throws -> Tensor {
        var tensor = try Tensor(shape: shape)
        tensor.withUnsafeMutableBufferPointer { destination in
            destination.baseAddress?.update(from: buffer.pointer, count: min(buffer.count, destination.count))
        }
        return tensor
    }
}

/// Creates the kernel for one operator node. `soleGradientWriter[i]`: input `i`'s gradient
/// buffer is written by this node alone (nothing else adds to it). `fusedRelu`: a ReLU and the
/// fully connected, batch norm or projected-embedding sum layer it follows share their forward
/// pass; `gradientMaskedByReader`: a ReLU and the fully connected layer that reads it share the
/// ReLU's backward pass. `outputRowStride`: an embedding's output rows are that many floats
/// apart (it writes into a concatenation's columns, see `ConcatView`).
private func makeKernel(_ node: Symbol, _ binding: KernelBinding, soleGradientWriter: [Bool],
                        fusedRelu: Bool, gradientMaskedByReader: Bool, outputRowStride: Int?) throws -> OperatorKernel {
    switch node.operation {
    case .variable:
        throw EngineError.invalidArgument("a variable has no kernel")
    case let .embedding(inputDim, outputDim, _):
        return EmbeddingKernel(binding, inputDim: inputDim, outputDim: outputDim,
                               ownsWeightGradient: soleGradientWriter.count > 1 && soleGradientWriter[1],
                               outputRowStride: outputRowStride ?? outputDim)
    case let .fullyConnected(numHidden, noBias, _):
        return FullyConnectedKernel(binding, numHidden: numHidden, noBias: noBias, appliesRelu: fusedRelu,
                                    masksInputGradient: gradientMaskedByReader)
    case let .activation(type):
        return ActivationKernel(binding, type: type, rectifiedByProducer: fusedRelu,
                                maskedByReader: gradientMaskedByReader)
    case let .concat(dimension):
        return try ConcatKernel(binding, dimension: dimension)
    case .flatten:
        return FlattenKernel(binding)
    case let .sumAxis(axis, _):
        return try SumAxisKernel(binding, axis: axis)
    case let .arithmetic(op):
        return ArithmeticKernel(binding, op: op)
    case let .scalarArithmetic(op, scalar, scalarOnLeft):
        return ScalarArithmeticKernel(binding, op: op, scalar: scalar, scalarOnLeft: scalarOnLeft)
    case let .regressionOutput(kind, gradScale):
        return RegressionOutputKernel(binding, kind: kind, gradScale: gradScale)
    case let .softmaxOutput(gradScale):
        return SoftmaxOutputKernel(binding, gradScale: gradScale)
    case let .batchNorm(fixGamma, momentum, eps):
        return try BatchNormKernel(binding, fixGamma: fixGamma, momentum: momentum, eps: eps, appliesRelu: fusedRelu)
    case let .dropout(probability):
        return try DropoutKernel(binding, probability: probability)
    case let .projectedEmbeddingSum(layers, inputDims, outputDim):
        return EmbeddingSumKernel(binding, layers: layers, inputDims: inputDims, outputDim: outputDim, appliesRelu: fusedRelu)
    }
}
