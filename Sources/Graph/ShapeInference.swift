// Shape inference: argument, auxiliary and output shapes from the shapes of the data inputs.
import Tensor

/// The shapes of a node's inputs (filled in where a parameter or label was unknown) and of its
/// output.
struct NodeShapes {
    var inputs: [[Int]]
    var output: [Int]
}

/// The result of inferring every shape in a graph.
struct GraphShapes {
    /// Shape of each variable (arguments and auxiliary states) by name.
    var variables: [String: [Int]]
    /// Output shape of each node.
    var nodes: [ObjectIdentifier: [Int]]
}

extension Symbol {
    /// Argument and auxiliary-state shapes (weights, biases, labels, moving statistics) inferred
    /// from the shapes of some arguments, usually the data inputs (MXNet `infer_shape`).
    ///
    /// - Parameter known: shapes by argument name, e.g. `["user": [100], "movie": [100]]`.
    /// - Returns: the shape of every argument and auxiliary state, by name.
    /// - Throws: `EngineError.shapeMismatch` when shapes conflict or a data shape is missing,
    ///   `EngineError.invalidArgument` for an invalid hyper-parameter (e.g. `inputDim` ≤ 0),
    ///   `EngineError.unknownName` for a known shape given for a name the graph does not have.
    public func inferShape(_ known: [String: [Int]]) throws -> [String: [Int]] {
        try inferAllShapes(known).variables
    }

    /// The output shape for the given argument shapes, e.g. `[batch, 1]`.
    /// - Throws: as `inferShape(_:)`.
    public func inferOutputShape(_ known: [String: [Int]]) throws -> [Int] {
        let shapes = try inferAllShapes(known)
        if isVariable {
            guard let shape = shapes.variables[name] else {
                throw EngineError.shapeMismatch("cannot infer the shape of '\(name)'; give it")
            }
            return shape
        }
        return shapes.nodes[ObjectIdentifier(self)] ?? []
    }

    func inferAllShapes(_ known: [String: [Int]]) throws -> GraphShapes {
        let order = topologicalOrder()
        let variableNames = Set(order.filter(\.isVariable).map(\.name))
        for name in known.keys where !variableNames.contains(name) {
            throw EngineError.unknownName("'\(name)' is not an argument of \(self.name); arguments are \(listArguments())")
        }
        var variables = known
        var nodes: [ObjectIdentifier: [Int]] = [:]
        for node in order where !node.isVariable {
            let given: [[Int]?] = node.inputs.map { input in
                input.isVariable ? variables[input.name] : nodes[ObjectIdentifier(input)]
            }
            let inferred = try inferNodeShapes(node, given)
            for (index, input) in node.inputs.enumerated() where input.isVariable {
                if let existing = variables[input.name], existing != inferred.inputs[index] {
                    throw EngineError.shapeMismatch(
                        "\(node.name): shape \(existing) of '\(input.name)' does not match the expected \(inferred.inputs[index])")
                }
                variables[input.name] = inferred.inputs[index]
            }
            nodes[ObjectIdentifier(node)] = inferred.output
        }
        return GraphShapes(variables: variables, nodes: nodes)
    }
}

/// Dispatches shape inference to the operator's kernel type.
func inferNodeShapes(_ node: Symbol, _ given: [[Int]?]) throws -> NodeShapes {
    func require(_ index: Int) throws -> [Int] {
        guard index < given.count, let shape = given[index] else {
            let inputName = index < node.inputs.count ? node.inputs[index].name : "#\(index)"
            throw EngineError.shapeMismatch("\(node.name): cannot infer the shape of input '\(inputName)'; give its shape")
        }
        return shape
    }
    switch node.operation {
    case .variable:
        throw EngineError.invalidArgument("a variable has no operator shape")
    case let .embedding(inputDim, outputDim, _):
        return try EmbeddingKernel.inferShapes(node: node.name, data: require(0), inputDim: inputDim, outputDim: outputDim)
    case let .fullyConnected(numHidden, noBias, flatten):
        return try FullyConnectedKernel.inferShapes(
            node: node.name, data: require(0), numHidden: numHidden, noBias: noBias, flatten: flatten)
    case .activation, .dropout:
        let shape = try require(0)
        return NodeShapes(inputs: [shape], output: shape)
    case let .concat(dimension):
        return try ConcatKernel.inferShapes(node: node.name, inputs: (0..<node.inputs.count).map(require), dimension: dimension)
    case .flatten:
        return try FlattenKernel.inferShapes(data: require(0))
    case let .sumAxis(axis, keepDims):
        return try SumAxisKernel.inferShapes(node: node.name, data: require(0), axis: axis, keepDims: keepDims)
    case .arithmetic:
        return try ArithmeticKernel.inferShapes(node: node.name, lhs: require(0), rhs: require(1))
    case .scalarArithmetic:
        let shape = try require(0)
        return NodeShapes(inputs: [shape], output: shape)
    case .regressionOutput:
        return try RegressionOutputKernel.inferShapes(node: node.name, data: require(0), label: given[1])
    case .softmaxOutput:
        return try SoftmaxOutputKernel.inferShapes(node: node.name, data: require(0), label: given[1])
    case .batchNorm:
        return try BatchNormKernel.inferShapes(node: node.name, data: require(0))
    case let .projectedEmbeddingSum(_, inputDims, outputDim):
        return try EmbeddingSumKernel.inferShapes(node: node.name, indices: (0..<inputDims.count).map(require),
                                                  inputDims: inputDims, outputDim: outputDim)
    }
}
