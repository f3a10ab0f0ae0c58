// Symbols: an immutable graph of named operations, MXNet 1.x's symbol API with Swift names.
import Foundation
import Tensor

/// The nonlinearity of an `Activation` node (MXNet's `act_type`).
public enum ActivationType: String, CaseIterable, Sendable {
    /// `max(x, 0)`.
    case relu
    /// `1 / (1 + e^-x)`.
    case sigmoid
    /// `tanh(x)`.
    case tanh
    /// `log(1 + e^x)` (softplus).
    case softrelu
}

/// An elementwise arithmetic operator between two symbols or a symbol and a scalar.
public enum ArithmeticOperator: String, Sendable {
    case add, subtract, multiply, divide

    /// MXNet's internal operator name, used for auto-naming (`_plus0`, `_mul0`…).
    var mxnetName: String {
        switch self {
        case .add: return "_plus"
        case .subtract: return "_minus"
        case .multiply: return "_mul"
        case .divide: return "_div"
        }
    }
}

/// The kind of a regression output layer.
public enum RegressionKind: Sendable {
    /// `LinearRegressionOutput`: identity forward, gradient `pred − label`.
    case linear
    /// `MAERegressionOutput`: identity forward, gradient `sign(pred − label)`.
    case meanAbsoluteError
    /// `LogisticRegressionOutput`: sigmoid forward, gradient `sigmoid(x) − label`.
    case logistic
}

/// What a symbol node computes (with its hyper-parameters).
public enum Operation: Sendable {
    case variable
    /// `sparseGrad`: MXNet's `sparse_grad=True` (a row-sparse weight gradient, so optimizers
    /// update only the rows a batch reads — MXNet's lazy update).
    case embedding(inputDim: Int, outputDim: Int, sparseGrad: Bool)
    case fullyConnected(numHidden: Int, noBias: Bool, flatten: Bool)
    case activation(ActivationType)
    case concat(dimension: Int)
    case flatten
    case sumAxis(axis: Int, keepDims: Bool)
    case arithmetic(ArithmeticOperator)
    /// `x op scalar`, or `scalar op x` when `scalarOnLeft`.
    case scalarArithmetic(ArithmeticOperator, scalar: Float, scalarOnLeft: Bool)
    case regressionOutput(RegressionKind, gradScale: Float)
    case softmaxOutput(gradScale: Float)
    case batchNorm(fixGamma: Bool, momentum: Float, eps: Float)
    case dropout(probability: Float)
    /// Inference only, made by `foldingEmbeddingProjections`: the sum of one row of each
    /// projected table per sample. Inputs: the k index arrays of the embeddings `layers` (named
    /// in errors), then the k tables `[inputDims[i], outputDim]`; output `[batch, outputDim]`.
    case projectedEmbeddingSum(layers: [String], inputDims: [Int], outputDim: Int)

    /// MXNet's operator name lowercased: the auto-naming hint (`embedding` → `embedding0`).
    var nameHint: String {
        switch self {
        case .variable: return "variable"
        case .embedding: return "embedding"
        case .fullyConnected: return "fullyconnected"
        case .activation: return "activation"
        case .concat: return "concat"
        case .flatten: return "flatten"
        case .sumAxis: return "sum_axis"
        case let .arithmetic(op): return op.mxnetName
        case let .scalarArithmetic(op, _, scalarOnLeft):
            switch (op, scalarOnLeft) {
            case (.subtract, true): return "_rminusscalar"
            case (.divide, true): return "_rdivscalar"
            default: return op.mxnetName + "scalar"
            }
        case let .regressionOutput(kind, _):
            switch kind {
            case .linear: return "linearregressionoutput"
            case .meanAbsoluteError: return "maeregressionoutput"
            case .logistic: return "logisticregressionoutput"
            }
        case .softmaxOutput: return "softmaxoutput"
        case .batchNorm: return "batchnorm"
        case .dropout: return "dropout"
        case .projectedEmbeddingSum: return "fullyconnected"
        }
    }
}

/// A node of a computation graph: a variable (an input or a parameter) or an operation applied
/// to other symbols. Immutable; build graphs with the static constructors
/// (`Symbol.variable("user")`, `Symbol.embedding(data:inputDim:outputDim:)`, …) and operators.
///
/// Names follow MXNet 1.x: an operation without an explicit name is called
/// `<lowercased operator><counter>` (`embedding0`, `fullyconnected1`) from a process-wide
/// counter (`Symbol.resetNaming()`); implicit parameters are `<node>_weight`, `<node>_bias`,
/// `<node>_gamma`, `<node>_beta`, auxiliary states `<node>_moving_mean`, `<node>_moving_var`;
/// an output layer made without a label gets the variable `<node>_label`.
public final class Symbol: CustomStringConvertible {
    /// The node's name (a variable's name is the argument name).
    public let name: String
    /// What the node computes.
    public let operation: Operation
    /// The node's inputs, data first, then parameters, then auxiliary states (MXNet's order).
    public let inputs: [Symbol]
    /// Indices into `inputs` that are auxiliary states (BatchNorm's moving mean and variance).
    let auxiliaryInputIndices: Set<Int>

    init(name: String, operation: Operation, inputs: [Symbol], auxiliaryInputIndices: Set<Int> = []) {
        self.name = name
        self.operation = operation
        self.inputs = inputs
        self.auxiliaryInputIndices = auxiliaryInputIndices
    }

    /// Whether this symbol is a variable (an argument of the graph).
    public var isVariable: Bool {
        if case .variable = operation { return true }
        return false
    }

    /// Whether this node is a loss layer (its backward ignores head gradients and uses the label).
    public var isLossLayer: Bool {
        switch operation {
        case .regressionOutput, .softmaxOutput: return true
        default: return false
        }
    }

    /// Every node reachable from this one, inputs before consumers (depth-first post-order, each
    /// node once, inputs visited in order): MXNet's topological order.
    public func topologicalOrder() -> [Symbol] {
        var order: [Symbol] = []
        var visited = Set<ObjectIdentifier>()
        // Iterative DFS so that deep graphs cannot overflow the stack.
        var stack: [(Symbol, Int)] = [(self, 0)]
        visited.insert(ObjectIdentifier(self))
        while let (node, next) = stack.popLast() {
            if next < node.inputs.count {
                stack.append((node, next + 1))
                let input = node.inputs[next]
                if visited.insert(ObjectIdentifier(input)).inserted { stack.append((input, 0)) }
            } else {
                order.append(node)
            }
        }
        return order
    }

    /// The argument names (inputs and learnable parameters, not auxiliary states) in MXNet's
    /// order: depth-first, a node's data before its parameters, e.g.
    /// `["user", "embedding0_weight", "movie", "embedding1_weight", "softmax_label"]`.
    /// Whether, in inference, every row of the output depends only on the same row of each
    /// batch input (row r in, row r out): true when no operator mixes rows (no reduction or
    /// concatenation along axis 0; batch norm uses its moving statistics in inference). Such a
    /// graph can run on any slice of a batch and give the same rows bit for bit.
    public var isRowwiseInInference: Bool {
        topologicalOrder().allSatisfy { node in
            switch node.operation {
            case let .sumAxis(axis, _): return axis != 0
            case let .concat(dimension): return dimension != 0
            default: return true
            }
        }
    }

    public func listArguments() -> [String] {
        variableNames(auxiliary: false)
    }

    /// The auxiliary state names (BatchNorm's `_moving_mean`, `_moving_var`), in graph order.
    public func listAuxiliaryStates() -> [String] {
        variableNames(auxiliary: true)
    }

    /// The output names: `["<name>_output"]`.
    public func listOutputs() -> [String] {
        [name + "_output"]
    }

    private func variableNames(auxiliary: Bool) -> [String] {
        let order = topologicalOrder()
        var auxiliaryIDs = Set<ObjectIdentifier>()
        for node in order {
            for index in node.auxiliaryInputIndices { auxiliaryIDs.insert(ObjectIdentifier(node.inputs[index])) }
        }
        var names: [String] = []
        var seen = Set<String>()
        for node in order where node.isVariable {
            if auxiliaryIDs.contains(ObjectIdentifier(node)) == auxiliary, seen.insert(node.name).inserted {
                names.append(node.name)
            }
        }
        return names
    }

    /// A one-line summary, e.g. `<Symbol linearregressionoutput0>`.
    public var description: String { "<Symbol \(name)>" }
}

/// MXNet's name manager: hands out `<hint><counter>` names, one counter per hint.
public enum SymbolNaming {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var counters: [String: Int] = [:]

    /// The next automatic name for `hint` (e.g. `embedding` → `embedding0`, then `embedding1`).
    public static func nextName(for hint: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        let counter = counters[hint, default: 0]
        counters[hint] = counter + 1
        return "\(hint)\(counter)"
    }

    /// Restarts every counter at 0 (a fresh kernel session, or a test).
    public static func reset() {
        lock.lock()
        counters = [:]
        lock.unlock()
    }
}
