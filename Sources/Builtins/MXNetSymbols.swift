import Graph
import Script
import Tensor

/// An MXNet `Symbol` in a script: a node of a network graph built with `mx.symbol.*`.
///
/// Supports `*`, `+`, `-`, `/` with symbols and numbers (MXNet's `Symbol.__mul__` …),
/// `list_arguments()`, `list_outputs()`, `list_auxiliary_states()`, `infer_shape(**shapes)`.
/// Example: `y = mx.symbol.sum_axis(data=user * movie, axis=1)`.
final class SymbolObject: ScriptObject {
    let symbol: Symbol
    init(_ symbol: Symbol) { self.symbol = symbol }

    var typeName: String { "Symbol" }
    func repr() -> String { "<Symbol \(symbol.name)>" }
    var attributeNames: [String] { ["name", "list_arguments", "list_outputs", "list_auxiliary_states", "infer_shape"] }
    var documentation: String? { "Symbol \(symbol.name): a node of a network graph (mx.symbol)." }

    func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "name": return .str(symbol.name)
        case "list_arguments":
            return method(name) { _ in .list(ListObject(self.symbol.listArguments().map { .str($0) })) }
        case "list_outputs":
            return method(name) { _ in .list(ListObject(self.symbol.listOutputs().map { .str($0) })) }
        case "list_auxiliary_states":
            return method(name) { _ in .list(ListObject(self.symbol.listAuxiliaryStates().map { .str($0) })) }
        case "infer_shape":
            return .object(BuiltinFunction("infer_shape", doc: "infer_shape(**shapes)\n\nShapes of arguments, outputs and auxiliary states from the data shapes, e.g. infer_shape(user=(100,), movie=(100,)).") { args, _ in
                try self.inferShape(args)
            })
        default: return nil
        }
    }

    private func method(_ name: String, _ body: @escaping (Arguments) throws -> Value) -> Value {
        .object(BuiltinFunction(name) { args, _ in
            _ = try args.bind(name, [])
            return try body(args)
        })
    }

    /// MXNet's `infer_shape`: `(arg_shapes, out_shapes, aux_shapes)` as lists of tuples in
    /// `list_arguments()` order.
    private func inferShape(_ args: Arguments) throws -> Value {
        var known: [String: [Int]] = [:]
        for (name, value) in args.keywords { known[name] = try MXNetSymbolModule.shapeTuple(value, "infer_shape", name) }
        let shapes = try engine { try symbol.inferShape(known) }
        func tuples(_ names: [String]) -> Value {
            .list(ListObject(names.map { name in shapes[name].map { .tuple($0.map { .int($0) }) } ?? .none }))
        }
        let output = try engine { try symbol.inferOutputShape(known) }
        return .tuple([tuples(symbol.listArguments()), .list(ListObject([.tuple(output.map { .int($0) })])),
                       tuples(symbol.listAuxiliaryStates())])
    }

    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
        let arithmetic: ArithmeticOperator
        switch op {
        case .add: arithmetic = .add
        case .subtract: arithmetic = .subtract
        case .multiply: arithmetic = .multiply
        case .trueDivide: arithmetic = .divide
        default: return nil
        }
        if case .object(let o) = other, let rhs = o as? SymbolObject {
            let (a, b) = reflected ? (rhs.symbol, symbol) : (symbol, rhs.symbol)
            return .object(SymbolObject(Symbol.arithmetic(arithmetic, a, b)))
        }
        let scalar: Float
        switch other {
        case .int(let i): scalar = Float(i)
        case .float(let d): scalar = Float(d)
        case .bool(let b): scalar = b ? 1 : 0
        default: return nil
        }
        return .object(SymbolObject(Symbol.arithmetic(arithmetic, symbol, scalar: scalar, scalarOnLeft: reflected)))
    }

    func unary(_ op: UnaryOperator) throws -> Value? {
        switch op {
        case .negate: return .object(SymbolObject(Symbol.arithmetic(.multiply, symbol, scalar: -1)))
        case .plus: return .object(self)
        case .invert: return nil
        }
    }
}

/// `mx.symbol` / `mx.sym`: the operators of the tutorial's networks, with MXNet's keyword
/// names and defaults. Unknown keywords are `TypeError`s naming them.
enum MXNetSymbolModule {
    static func make() -> ModuleObject {
        let module = ModuleObject("mxnet.symbol", doc: "Symbolic network construction (MXNet's mx.symbol).")
        module.define("Variable", doc: "Variable(name, shape=None)\n\nAn input or parameter placeholder.\n\n    user = mx.symbol.Variable('user')") { args, _ in
            let bound = try args.bind("Variable", ["name", "attr", "shape", "lr_mult", "wd_mult", "dtype", "init", "stype"], required: 1)
            return .object(SymbolObject(Symbol.variable(try SystemModules.string(bound["name"] ?? .none, "Variable", "name"))))
        }
        module.define("var", module.member("Variable") ?? .none)

        module.define("Embedding", doc: "Embedding(data, input_dim, output_dim, sparse_grad=False, name=None)\n\nLooks up rows of an [input_dim, output_dim] weight table; indices are truncated floats. sparse_grad=True: a row-sparse gradient, so the optimizer (with lazy_update=True, the default) updates only the rows each batch reads, as MXNet does.\n\n    user = mx.symbol.Embedding(data=user, input_dim=250, output_dim=25)") { args, _ in
            let b = try args.bind("Embedding", ["data", "weight", "input_dim", "output_dim", "dtype", "sparse_grad", "name"])
            let data = try symbolArgument(b, "data")
            let inputDim = try positiveInt(b, "input_dim")
            let outputDim = try positiveInt(b, "output_dim")
            return .object(SymbolObject(Symbol.embedding(data: data, inputDim: inputDim, outputDim: outputDim,
                                                         sparseGrad: try flag(b, "sparse_grad", default: false),
                                                         weight: try optionalSymbol(b, "weight"), name: try name(b))))
        }
        module.define("FullyConnected", doc: "FullyConnected(data, num_hidden, no_bias=False, flatten=True, name=None)\n\nA dense layer: [batch, features] → [batch, num_hidden].\n\n    nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)") { args, _ in
            let b = try args.bind("FullyConnected", ["data", "weight", "bias", "num_hidden", "no_bias", "flatten", "name"])
            return .object(SymbolObject(Symbol.fullyConnected(
                data: try symbolArgument(b, "data"), numHidden: try positiveInt(b, "num_hidden"),
                noBias: try flag(b, "no_bias", default: false), flatten: try flag(b, "flatten", default: true),
                weight: try optionalSymbol(b, "weight"), bias: try optionalSymbol(b, "bias"), name: try name(b))))
        }
        module.define("Activation", doc: "Activation(data, act_type, name=None)\n\nElementwise relu, sigmoid, tanh or softrelu.\n\n    nn = mx.symbol.Activation(data=nn, act_type='relu')") { args, _ in
            let b = try args.bind("Activation", ["data", "act_type", "name"])
            let typeName = try SystemModules.string(b["act_type"] ?? .none, "Activation", "act_type")
            guard let type = ActivationType(rawValue: typeName) else {
                throw ScriptError(.valueError, "Activation: act_type must be one of 'relu', 'sigmoid', 'tanh', 'softrelu', 'softsign'; got \(Value.quote(typeName))")
            }
            return .object(SymbolObject(Symbol.activation(data: try symbolArgument(b, "data"), type: type, name: try name(b))))
        }
        let concat = BuiltinFunction("concat", doc: "concat(*data, dim=1, name=None)\n\nJoins symbols along dim.\n\n    nn = mx.symbol.concat(user, movie)") { args, _ in
            let b = try Arguments([], keywords: args.keywords).bind("concat", ["dim", "num_args", "name"])
            var inputs = try args.positional.map { try symbolValue($0, "concat", "data") }
            if inputs.isEmpty, let data = args.keywords.first(where: { $0.name == "data" }) { inputs = [try symbolValue(data.value, "concat", "data")] }
            guard !inputs.isEmpty else { throw ScriptError(.valueError, "concat() needs at least one input symbol") }
            let dim = try b.optional("dim").map { try intValue($0, "concat", "dim") } ?? 1
            return .object(SymbolObject(Symbol.concat(inputs, dimension: dim, name: try name(b))))
        }
        module.define("concat", .object(concat))
        module.define("Concat", .object(concat))
        let flatten = BuiltinFunction("flatten", doc: "flatten(data, name=None)\n\nReshapes [d0, d1, …] to [d0, d1·d2·…].") { args, _ in
            let b = try args.bind("flatten", ["data", "name"])
            return .object(SymbolObject(Symbol.flatten(try symbolArgument(b, "data"), name: try name(b))))
        }
        module.define("flatten", .object(flatten))
        module.define("Flatten", .object(flatten))
        let sumAxis = BuiltinFunction("sum_axis", doc: "sum_axis(data, axis, keepdims=False, name=None)\n\nSums over one axis.\n\n    y = mx.symbol.sum_axis(data=(user * movie), axis=1)") { args, _ in
            let b = try args.bind("sum_axis", ["data", "axis", "keepdims", "exclude", "name"])
            guard let axisValue = b.optional("axis") else { throw ScriptError(.typeError, "sum_axis() missing required argument 'axis'") }
            let axis: Int
            if case .tuple(let items) = axisValue, items.count == 1 { axis = try intValue(items[0], "sum_axis", "axis") } else { axis = try intValue(axisValue, "sum_axis", "axis") }
            return .object(SymbolObject(Symbol.sumAxis(try symbolArgument(b, "data"), axis: axis,
                                                       keepDims: try flag(b, "keepdims", default: false), name: try name(b))))
        }
        module.define("sum_axis", .object(sumAxis))
        module.define("sum", .object(sumAxis))

        for (op, make) in [("LinearRegressionOutput", Symbol.linearRegressionOutput),
                           ("MAERegressionOutput", Symbol.maeRegressionOutput),
                           ("LogisticRegressionOutput", Symbol.logisticRegressionOutput)] {
            module.define(op, doc: "\(op)(data, label, grad_scale=1, name=None)\n\nA regression loss layer; the label defaults to a variable named <name>_label.") { args, _ in
                let b = try args.bind(op, ["data", "label", "grad_scale", "name"])
                let scale = try b.optional("grad_scale").map { try SystemModules.number($0, op, "grad_scale") } ?? 1
                return .object(SymbolObject(make(try symbolArgument(b, "data"), try optionalSymbol(b, "label"), Float(scale), try name(b))))
            }
        }
        module.define("SoftmaxOutput", doc: "SoftmaxOutput(data, label, grad_scale=1, name=None)\n\nSoftmax with a cross-entropy gradient; labels are class indices.") { args, _ in
            let b = try args.bind("SoftmaxOutput", ["data", "label", "grad_scale", "ignore_label", "multi_output", "use_ignore", "preserve_shape", "normalization", "out_grad", "smooth_alpha", "name"])
            let scale = try b.optional("grad_scale").map { try SystemModules.number($0, "SoftmaxOutput", "grad_scale") } ?? 1
            return .object(SymbolObject(Symbol.softmaxOutput(data: try symbolArgument(b, "data"), label: try optionalSymbol(b, "label"),
                                                             gradScale: Float(scale), name: try name(b))))
        }
        module.define("BatchNorm", doc: "BatchNorm(data, eps=0.001, momentum=0.9, fix_gamma=True, name=None)\n\nBatch normalisation over axis 1; running statistics for prediction.") { args, _ in
            let b = try args.bind("BatchNorm", ["data", "gamma", "beta", "moving_mean", "moving_var", "eps", "momentum", "fix_gamma", "use_global_stats", "output_mean_var", "axis", "cudnn_off", "name"])
            let eps = try b.optional("eps").map { try SystemModules.number($0, "BatchNorm", "eps") } ?? 1e-3
            let momentum = try b.optional("momentum").map { try SystemModules.number($0, "BatchNorm", "momentum") } ?? 0.9
            return .object(SymbolObject(Symbol.batchNorm(data: try symbolArgument(b, "data"), fixGamma: try flag(b, "fix_gamma", default: true),
                                                         momentum: Float(momentum), eps: Float(eps), name: try name(b))))
        }
        module.define("Dropout", doc: "Dropout(data, p=0.5, name=None)\n\nZeroes elements with probability p in training.") { args, _ in
            let b = try args.bind("Dropout", ["data", "p", "mode", "axes", "cudnn_off", "name"])
            let p = try b.optional("p").map { try SystemModules.number($0, "Dropout", "p") } ?? 0.5
            guard p >= 0, p < 1 else { throw ScriptError(.valueError, "Dropout: p must be in [0, 1), got \(p)") }
            return .object(SymbolObject(Symbol.dropout(data: try symbolArgument(b, "data"), probability: Float(p), name: try name(b))))
        }
        return module
    }

    // MARK: Argument helpers

    static func symbolValue(_ value: Value, _ function: String, _ parameter: String) throws -> Symbol {
        if case .object(let o) = value, let s = o as? SymbolObject { return s.symbol }
        throw ScriptError(.typeError, "\(function)() argument '\(parameter)' must be a Symbol, not \(value.typeName)")
    }

    static func symbolArgument(_ b: BoundArguments, _ parameter: String) throws -> Symbol {
        guard let value = b.optional(parameter) else {
            throw ScriptError(.typeError, "\(b.function)() missing required argument '\(parameter)'")
        }
        return try symbolValue(value, b.function, parameter)
    }

    static func optionalSymbol(_ b: BoundArguments, _ parameter: String) throws -> Symbol? {
        try b.optional(parameter).map { try symbolValue($0, b.function, parameter) }
    }

    static func intValue(_ value: Value, _ function: String, _ parameter: String) throws -> Int {
        switch value {
        case .int(let i): return i
        case .bool(let v): return v ? 1 : 0
        case .float(let d) where d == d.rounded() && abs(d) < 9e18: return Int(d)
        default: throw ScriptError(.typeError, "\(function)() argument '\(parameter)' must be an integer, not \(value.typeName)")
        }
    }

    static func positiveInt(_ b: BoundArguments, _ parameter: String) throws -> Int {
        guard let value = b.optional(parameter) else {
            throw ScriptError(.typeError, "\(b.function)() missing required argument '\(parameter)'")
        }
        let n = try intValue(value, b.function, parameter)
        guard n > 0 else { throw ScriptError(.valueError, "\(b.function)(): \(parameter) must be positive, got \(n)") }
        return n
    }

    static func flag(_ b: BoundArguments, _ parameter: String, default defaultValue: Bool) throws -> Bool {
        guard let value = b.optional(parameter) else { return defaultValue }
        switch value {
        case .bool(let v): return v
        case .int(let i): return i != 0
        default: throw ScriptError(.typeError, "\(b.function)() argument '\(parameter)' must be a bool, not \(value.typeName)")
        }
    }

    static func name(_ b: BoundArguments) throws -> String? {
        try b.optional("name").map { try SystemModules.string($0, b.function, "name") }
    }

    static func shapeTuple(_ value: Value, _ function: String, _ parameter: String) throws -> [Int] {
        switch value {
        case .tuple(let items): return try items.map { try intValue($0, function, parameter) }
        case .list(let list): return try list.items.map { try intValue($0, function, parameter) }
        default: return [try intValue(value, function, parameter)]
        }
    }
}

/// Runs engine code, turning an `EngineError` into the Python exception it names.
func engine<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as EngineError {
        throw ScriptError(error)
    }
}

extension ScriptError {
    /// The Python exception for an engine error (`IndexError`, `ValueError`, `MemoryError` …).
    init(_ error: EngineError) {
        let kind = ExceptionKind(rawValue: error.pythonExceptionName) ?? .runtimeError
        self.init(kind, kind == .keyboardInterrupt ? "" : error.description)
    }
}
