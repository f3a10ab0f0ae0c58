import Foundation
import Graph
import Learn
import Script
import Tensor

/// The `mxnet` module (`import mxnet as mx`): `symbol`/`sym`, `io`, `module`/`mod`, `callback`,
/// `init`, `metric`, `nd`, `random`, `cpu()`, `gpu()`. Everything runs natively on the CPU;
/// names, keyword arguments, defaults and log lines follow MXNet 1.9.1.
enum MXNetNamespace {
    static func make(logging: LoggingState) -> ModuleObject {
        let mx = ModuleObject("mxnet", doc: "Factorize's implementation of MXNet's symbol and module API.")
        let symbol = MXNetSymbolModule.make()
        mx.define("symbol", .object(symbol))
        mx.define("sym", .object(symbol))
        mx.define("__version__", .str("1.9.1"))

        let io = ModuleObject("mxnet.io", doc: "Data iterators.")
        io.define("NDArrayIter", doc: "NDArrayIter(data, label=None, batch_size=1, shuffle=False, last_batch_handle='pad')\n\nBatches of named arrays.\n\n    it = mx.io.NDArrayIter({'user': u, 'movie': m}, label=r, batch_size=100)") { args, _ in
            try DataIterObject.make(args)
        }
        mx.define("io", .object(io))

        let module = ModuleObject("mxnet.module", doc: "Training modules.")
        module.define("Module", doc: TrainingModuleObject.fitDoc) { args, interpreter in
            let b = try args.bind("Module", ["symbol", "data_names", "label_names", "logger", "context", "work_load_list",
                                             "fixed_param_names", "state_names", "group2ctxs", "compression_params"], required: 1)
            let net = try MXNetSymbolModule.symbolValue(b["symbol"] ?? .none, "Module", "symbol")
            let dataNames = try b.optional("data_names").map { try names($0, "data_names") } ?? ["data"]
            let labelNames = try b.optional("label_names").map { try names($0, "label_names") } ?? ["softmax_label"]
            if let context = b.optional("context") { noteContext(context, logging: logging, interpreter: interpreter) }
            let trained = try engine { try Module(symbol: net, dataNames: dataNames, labelNames: labelNames) }
            return .object(TrainingModuleObject(trained, logging: logging))
        }
        mx.define("module", .object(module))
        mx.define("mod", .object(module))

        let callback = ModuleObject("mxnet.callback", doc: "Training callbacks.")
        callback.define("Speedometer", doc: "Speedometer(batch_size, frequent=50, auto_reset=True)\n\nLogs samples/sec and the running metric every `frequent` batches.") { args, _ in
            let b = try args.bind("Speedometer", ["batch_size", "frequent", "auto_reset"], required: 1)
            let batchSize = try MXNetSymbolModule.intValue(b["batch_size"] ?? .none, "Speedometer", "batch_size")
            let frequent = try b.optional("frequent").map { try MXNetSymbolModule.intValue($0, "Speedometer", "frequent") } ?? 50
            guard batchSize > 0, frequent > 0 else { throw ScriptError(.valueError, "Speedometer: batch_size and frequent must be positive") }
            return .object(SpeedometerObject(batchSize: batchSize, frequent: frequent,
                                             autoReset: try MXNetSymbolModule.flag(b, "auto_reset", default: true)))
        }
        mx.define("callback", .object(callback))

        let initModule = ModuleObject("mxnet.initializer", doc: "Weight initializers.")
        initModule.define("Uniform", doc: "Uniform(scale=0.07)\n\nWeights uniform in [-scale, scale].") { args, _ in
            let b = try args.bind("Uniform", ["scale"])
            let scale = try b.optional("scale").map { try SystemModules.number($0, "Uniform", "scale") } ?? 0.07
            return .object(InitializerObject(.uniform(scale: Float(scale)), text: "Uniform(scale=\(scale))"))
        }
        initModule.define("Normal", doc: "Normal(sigma=0.01)\n\nWeights from N(0, sigma²).") { args, _ in
            let b = try args.bind("Normal", ["sigma"])
            let sigma = try b.optional("sigma").map { try SystemModules.number($0, "Normal", "sigma") } ?? 0.01
            return .object(InitializerObject(.normal(sigma: Float(sigma)), text: "Normal(sigma=\(sigma))"))
        }
        initModule.define("Xavier", doc: "Xavier()\n\nGlorot-uniform weights (factor_type='avg', magnitude=3).") { args, _ in
            _ = try args.bind("Xavier", ["rnd_type", "factor_type", "magnitude"])
            return .object(InitializerObject(.xavier, text: "Xavier()"))
        }
        initModule.define("Constant", doc: "Constant(value)\n\nEvery weight equal to value.") { args, _ in
            let b = try args.bind("Constant", ["value"], required: 1)
            let value = try SystemModules.number(b["value"] ?? .none, "Constant", "value")
            return .object(InitializerObject(.constant(Float(value)), text: "Constant(value=\(value))"))
        }
        mx.define("init", .object(initModule))
        mx.define("initializer", .object(initModule))

        let metric = ModuleObject("mxnet.metric", doc: "Evaluation metrics: rmse, mse, mae, acc.")
        for (name, short) in [("RMSE", "rmse"), ("MSE", "mse"), ("MAE", "mae"), ("Accuracy", "accuracy")] {
            metric.define(name, doc: "\(name)()\n\nThe \(short) metric, averaged over batches as MXNet does.") { args, _ in
                _ = try args.bind(name, ["name", "output_names", "label_names"])
                return .object(MetricObject(short))
            }
        }
        metric.define("create", doc: "create(metric)\n\nA metric by name: 'rmse', 'mse', 'mae', 'acc'.") { args, _ in
            let b = try args.bind("create", ["metric"], required: 1, acceptsExtraKeywords: true)
            let name = try SystemModules.string(b["metric"] ?? .none, "create", "metric")
            _ = try engine { try MetricKind(name: name) }
            return .object(MetricObject(name))
        }
        mx.define("metric", .object(metric))

        for device in ["cpu", "gpu"] {
            mx.define(device, doc: "\(device)(device_id=0)\n\nA device context; Factorize runs everything on the CPU.") { args, interpreter in
                let b = try args.bind(device, ["device_id"])
                let id = try b.optional("device_id").map { try MXNetSymbolModule.intValue($0, device, "device_id") } ?? 0
                return .object(ContextObject(device, id))
            }
        }

        let random = ModuleObject("mxnet.random", doc: "The engine's random generator (weight initialisation, shuffling, dropout).")
        random.define("seed", doc: "seed(seed_state)\n\nSeeds the engine's generator: the same seed gives the same initial weights.") { args, _ in
            let b = try args.bind("seed", ["seed_state", "ctx"], required: 1)
            let seed = try MXNetSymbolModule.intValue(b["seed_state"] ?? .none, "seed", "seed_state")
            EngineRandom.seed(UInt64(bitPattern: Int64(seed)))
            return .none
        }
        mx.define("random", .object(random))

        let nd = ModuleObject("mxnet.ndarray", doc: "MXNet NDArrays.")
        nd.define("array", doc: "array(source_array, ctx=None, dtype=None)\n\nA float32 NDArray copied from a list or numpy array.") { args, _ in
            let b = try args.bind("array", ["source_array", "ctx", "dtype"], required: 1)
            return .object(try MXArrayObject(MXNetConversions.tensor(from: b["source_array"] ?? .none, what: "source_array")))
        }
        mx.define("nd", .object(nd))
        mx.define("ndarray", .object(nd))
        return mx
    }

    /// `('user', 'movie')`, `['user']` or `'user'`.
    private static func names(_ value: Value, _ parameter: String) throws -> [String] {
        let items: [Value]
        switch value {
        case .tuple(let t): items = t
        case .list(let l): items = l.items
        case .str: items = [value]
        default: throw ScriptError(.typeError, "Module() argument '\(parameter)' must be a tuple of names, not \(value.typeName)")
        }
        return try items.map { try SystemModules.string($0, "Module", parameter) }
    }

    /// A GPU context is accepted and runs on the CPU; say so once per session.
    private static func noteContext(_ value: Value, logging: LoggingState, interpreter: Interpreter) {
        let contexts: [Value]
        if case .list(let l) = value { contexts = l.items } else { contexts = [value] }
        for context in contexts {
            if case .object(let o as ContextObject) = context, o.deviceType == "gpu", !logging.gpuNoticeShown {
                logging.gpuNoticeShown = true
                interpreter.sink.write("Factorize runs on the CPU: \(o.repr()) is accepted and uses the CPU (all cores).\n", to: .stderr)
            }
        }
    }
}
