// `Module.bind`, `init_params` and `set_params` in a script: the steps `fit` takes by itself,
// for a user who sets a model up by hand (MXNet 1.x `mx.module.Module`).
import Learn
import Script
import Tensor

extension TrainingModuleObject {
    static let bindDoc = """
    bind(data_shapes, label_shapes=None, for_training=True)

    Allocates the module's buffers for these batch shapes (MXNet Module.bind): data_shapes is a \
    list of (name, shape) pairs, as an iterator's provide_data gives them.

        model.bind(data_shapes=X_train.provide_data, label_shapes=X_train.provide_label)
    """

    static let initParamsDoc = """
    init_params(initializer=Uniform(0.01), arg_params=None, aux_params=None, allow_missing=False, force_init=False)

    Initialises the parameters after bind (MXNet Module.init_params): values given in arg_params \
    and aux_params (dicts of name → NDArray) are copied; the others are drawn by the initializer, \
    which allow_missing must permit when dicts are given. Already initialised parameters are kept \
    unless force_init=True.
    """

    static let setParamsDoc = """
    set_params(arg_params, aux_params=None, allow_missing=False, force_init=True)

    Sets the parameters from dicts of name → NDArray (MXNet Module.set_params), after bind.
    """

    func bind(_ args: Arguments) throws -> Value {
        let b = try args.bind("bind", ["data_shapes", "label_shapes", "for_training", "inputs_need_grad", "force_rebind",
                                       "shared_module", "grad_req"], required: 1)
        let dataShapes = try Self.shapes(b["data_shapes"] ?? .none, "data_shapes")
        let labelShapes = try b.optional("label_shapes").map { try Self.shapes($0, "label_shapes") } ?? []
        let forTraining = try MXNetSymbolModule.flag(b, "for_training", default: true)
        try engine {
            try module.bind(dataShapes: dataShapes, labelShapes: labelShapes.filter { module.labelNames.contains($0.name) },
                            forTraining: forTraining)
        }
        return .none
    }

    func initParams(_ args: Arguments) throws -> Value {
        let b = try args.bind("init_params", ["initializer", "arg_params", "aux_params", "allow_missing", "force_init",
                                              "allow_extra"])
        try requireBound("init_params")
        var initializer = Initializer.uniform(scale: 0.01)
        if let value = b.optional("initializer") {
            guard case .object(let o) = value, let object = o as? InitializerObject else {
                throw ScriptError(.typeError, "init_params() argument 'initializer' must be an mx.init initializer, not \(value.typeName)")
            }
            initializer = object.initializer
        }
        let given = try parameterValues(b, function: "init_params")
        let allowMissing = try MXNetSymbolModule.flag(b, "allow_missing", default: false)
        if let given, !allowMissing { try requireEvery(given, "init_params") }
        let force = try MXNetSymbolModule.flag(b, "force_init", default: false)
        try engine { try module.initParams(initializer: initializer, parameters: given ?? [:], force: force) }
        return .none
    }

    func setParams(_ args: Arguments) throws -> Value {
        let b = try args.bind("set_params", ["arg_params", "aux_params", "allow_missing", "force_init", "allow_extra"],
                              required: 1)
        try requireBound("set_params")
        let given = try parameterValues(b, function: "set_params") ?? [:]
        if !(try MXNetSymbolModule.flag(b, "allow_missing", default: false)) { try requireEvery(given, "set_params") }
        try engine { try module.setParameters(given) }
        return .none
    }

    private func requireBound(_ function: String) throws {
        // MXNet: "call bind before initializing the parameters" (an AssertionError there).
        guard module.isBound else {
            throw ScriptError(.runtimeError, "\(function)(): call bind before initializing the parameters")
        }
    }

    /// MXNet: "<name> is not presented" for a parameter neither dict gives.
    private func requireEvery(_ given: [String: Tensor], _ function: String) throws {
        for name in module.parameterNames + module.auxiliaryNames where given[name] == nil {
            throw ScriptError(.runtimeError, "\(function)(): \(name) is not presented")
        }
    }

    /// The union of `arg_params` and `aux_params` (nil when neither is given).
    private func parameterValues(_ b: BoundArguments, function: String) throws -> [String: Tensor]? {
        var result: [String: Tensor]?
        for parameter in ["arg_params", "aux_params"] {
            guard let value = b.optional(parameter) else { continue }
            guard case .dict(let dict) = value else {
                throw ScriptError(.typeError, "\(function)() argument '\(parameter)' must be a dict of name → NDArray, not \(value.typeName)")
            }
            for (key, item) in dict.items {
                guard case .str(let name) = key else {
                    throw ScriptError(.typeError, "\(function)(): \(parameter) keys must be parameter names, got \(key.typeName)")
                }
                guard case .object(let o) = item, let array = o as? MXArrayObject else {
                    throw ScriptError(.typeError, "\(function)(): \(parameter)['\(name)'] must be an NDArray, not \(item.typeName)")
                }
                result = result ?? [:]
                result?[name] = try array.tensor
            }
            if result == nil { result = [:] }
        }
        return result
    }

    /// `[('user', (25000,)), …]`: (name, shape) pairs, as `provide_data` gives them.
    static func shapes(_ value: Value, _ parameter: String) throws -> [(name: String, shape: [Int])] {
        let items: [Value]
        switch value {
        case .list(let l): items = l.items
        case .tuple(let t): items = t
        default: throw ScriptError(.typeError, "bind() argument '\(parameter)' must be a list of (name, shape) pairs, not \(value.typeName)")
        }
        return try items.map { item in
            let pair: [Value]
            switch item {
            case .tuple(let t): pair = t
            case .list(let l): pair = l.items
            default: pair = []
            }
            guard pair.count == 2, case .str(let name) = pair[0] else {
                throw ScriptError(.typeError, "bind(): each of \(parameter) must be a (name, shape) pair, got \(Value.reprOf(item))")
            }
            let dimensions: [Value]
            switch pair[1] {
            case .tuple(let t): dimensions = t
            case .list(let l): dimensions = l.items
            default: throw ScriptError(.typeError, "bind(): the shape of '\(name)' must be a tuple of ints, not \(pair[1].typeName)")
            }
            let shape = try dimensions.map { try MXNetSymbolModule.intValue($0, "bind", "shape of '\(name)'") }
            guard shape.allSatisfy({ $0 > 0 }) else {
                throw ScriptError(.valueError, "bind(): the shape of '\(name)' must have positive dimensions, got \(shape)")
            }
            return (name, shape)
        }
    }
}
