import Foundation
import Graph
import Learn
import Script
import Tensor

/// `mx.module.Module` in a script: binds a symbol, trains it with `fit`, predicts and scores.
///
/// Example: `model = mx.module.Module(context=mx.cpu(), data_names=('user', 'movie'), symbol=y_pred)`
/// then `model.fit(X_train, num_epoch=5, eval_metric='rmse', eval_data=X_eval)`.
final class TrainingModuleObject: ScriptObject {
    let module: Module
    let logging: LoggingState

    init(_ module: Module, logging: LoggingState) {
        self.module = module
        self.logging = logging
    }

    var typeName: String { "Module" }
    func repr() -> String { "<mxnet.module.module.Module object (symbol \(module.symbol.name))>" }
    var attributeNames: [String] {
        ["fit", "predict", "score", "bind", "init_params", "set_params", "get_params", "binded", "params_initialized",
         "data_names", "label_names", "symbol"]
    }
    var documentation: String? { "Module(symbol, data_names=('data',), label_names=('softmax_label',), context=cpu())\n\nTrains and runs a network (MXNet's mx.module.Module): fit, predict, score, bind, init_params, set_params, get_params." }

    func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "data_names": return .list(ListObject(module.dataNames.map { .str($0) }))
        case "label_names": return .list(ListObject(module.labelNames.map { .str($0) }))
        case "symbol": return .object(SymbolObject(module.symbol))
        case "fit": return function("fit", Self.fitDoc) { try self.fit($0, $1) }
        case "bind": return function("bind", Self.bindDoc) { args, _ in try self.bind(args) }
        case "init_params": return function("init_params", Self.initParamsDoc) { args, _ in try self.initParams(args) }
        case "set_params": return function("set_params", Self.setParamsDoc) { args, _ in try self.setParams(args) }
        case "binded": return .bool(module.isBound)
        case "params_initialized": return .bool(module.parametersInitialized)
        case "predict":
            return function("predict", "predict(eval_data, num_batch=None)\n\nOutputs for every sample of eval_data (padding removed), or for its first num_batch batches, as an NDArray.") { args, _ in
                let b = try args.bind("predict", ["eval_data", "num_batch", "merge_batches", "reset", "always_output_list", "sparse_row_id_fn"], required: 1)
                let iterator = try Self.iterator(b["eval_data"] ?? .none, "predict", "eval_data")
                let numBatch = try b.optional("num_batch").map { try MXNetSymbolModule.intValue($0, "predict", "num_batch") }
                // The outputs are written straight into the numpy array that .asnumpy() returns.
                let outputs = try engine {
                    try self.module.predict(iterator, numBatch: numBatch) { shape, fill in
                        let count = try MemoryGuard.elementCount(of: shape)
                        try MemoryGuard.check(count: count)
                        let scalars = try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                            if let base = buffer.baseAddress {
                                TensorStorage.adviseHugePages(base, bytes: count * MemoryLayout<Float>.stride)
                                try fill(base)
                            } else {
                                var nothing: Float = 0   // no rows: fill still runs (it resets the iterator)
                                try fill(&nothing)
                            }
                            initialized = count
                        }
                        do { return try NDArray(shape: shape, storage: .float32(scalars)) } catch { throw NumpyBridge.scriptError(error) }
                    }
                }
                return .object(MXArrayObject(outputs))
            }
        case "score":
            return function("score", "score(eval_data, eval_metric, num_batch=None)\n\nMetric values over eval_data (or its first num_batch batches): a list of (name, value) pairs.") { args, _ in
                let b = try args.bind("score", ["eval_data", "eval_metric", "num_batch", "batch_end_callback", "score_end_callback", "reset", "epoch", "sparse_row_id_fn"], required: 2)
                let iterator = try Self.iterator(b["eval_data"] ?? .none, "score", "eval_data")
                let metrics = try Self.metricNames(b["eval_metric"] ?? .none)
                let numBatch = try b.optional("num_batch").map { try MXNetSymbolModule.intValue($0, "score", "num_batch") }
                let values = try engine { try self.module.score(iterator, metricNames: metrics, numBatch: numBatch) }
                return .list(ListObject(values.map { .tuple([.str($0.0), .float($0.1)]) }))
            }
        case "get_params":
            return function("get_params", "get_params()\n\n(arg_params, aux_params): dicts of parameter name → NDArray.") { args, _ in
                _ = try args.bind("get_params", [])
                let parameters = self.module.parameters
                let arguments = DictObject(), auxiliary = DictObject()
                for name in self.module.parameterNames { if let t = parameters[name] { try arguments.set(.str(name), .object(try MXArrayObject(t))) } }
                for name in self.module.auxiliaryNames { if let t = parameters[name] { try auxiliary.set(.str(name), .object(try MXArrayObject(t))) } }
                return .tuple([.dict(arguments), .dict(auxiliary)])
            }
        default: return nil
        }
    }

    private func function(_ name: String, _ doc: String, _ body: @escaping (Arguments, Interpreter) throws -> Value) -> Value {
        .object(BuiltinFunction(name, doc: doc, body))
    }

    static let fitDoc = """
    fit(train_data, eval_data=None, eval_metric='acc', batch_end_callback=None, optimizer='sgd', \
    optimizer_params=(('learning_rate', 0.01),), initializer=Uniform(0.01), num_epoch=None)

    Trains the module (MXNet 1.x Module.fit and its defaults: the learning rate 0.01 applies to
    whichever optimizer is named; gradients are rescaled by 1/batch_size). Logs
    INFO:root:Epoch[k] Train-<metric>=…, Time cost=…, Validation-<metric>=… on stderr.

        model.fit(X_train, num_epoch=5, optimizer='adam', eval_metric='rmse', eval_data=X_eval)
    """

    private func fit(_ args: Arguments, _ interpreter: Interpreter) throws -> Value {
        let b = try args.bind("fit", ["train_data", "eval_data", "eval_metric", "epoch_end_callback", "batch_end_callback",
                                      "kvstore", "optimizer", "optimizer_params", "eval_end_callback", "eval_batch_end_callback",
                                      "initializer", "arg_params", "aux_params", "allow_missing", "force_rebind", "force_init",
                                      "begin_epoch", "num_epoch", "validation_metric", "monitor", "sparse_row_id_fn"], required: 1)
        let train = try Self.iterator(b["train_data"] ?? .none, "fit", "train_data")
        let evaluation = try b.optional("eval_data").map { try Self.iterator($0, "fit", "eval_data") }
        let metrics = try b.optional("eval_metric").map(Self.metricNames) ?? ["acc"]
        guard let epochsValue = b.optional("num_epoch") else {
            throw ScriptError(.valueError, "fit(): please specify number of epochs (num_epoch)")
        }
        let numEpoch = try MXNetSymbolModule.intValue(epochsValue, "fit", "num_epoch")
        let beginEpoch = try b.optional("begin_epoch").map { try MXNetSymbolModule.intValue($0, "fit", "begin_epoch") } ?? 0
        let optimizer = try b.optional("optimizer").map { try SystemModules.string($0, "fit", "optimizer") } ?? "sgd"
        let optimizerParams = try b.optional("optimizer_params").map(Self.optimizerParams) ?? [("learning_rate", 0.01)]
        var initializer = Initializer.uniform(scale: 0.01)
        if let value = b.optional("initializer") {
            guard case .object(let o) = value, let object = o as? InitializerObject else {
                throw ScriptError(.typeError, "fit() argument 'initializer' must be an mx.init initializer, not \(value.typeName)")
            }
            initializer = object.initializer
        }
        let speedometer = try b.optional("batch_end_callback").flatMap(Self.speedometer)
        let logging = self.logging
        // One live progress output per fit (IPython-style update_display_data), beside the log lines.
        let progress = FitProgress(sink: interpreter.sink, numEpoch: numEpoch,
                                   batchesPerEpoch: train.batchesPerEpoch, batchSize: train.batchSize)
        defer { progress.finish() }
        try engine {
            try module.fit(train, evalData: evaluation, evalMetric: metrics, numEpoch: numEpoch, beginEpoch: beginEpoch,
                           optimizer: optimizer, optimizerParams: optimizerParams, initializer: initializer,
                           batchEndCallback: speedometer,
                           log: { logging.log($0, level: .info, interpreter: interpreter) },
                           warn: { logging.log($0, level: .warning, interpreter: interpreter) },
                           shouldStop: { interpreter.sink.takeInterrupt() },
                           batchEnded: { epoch, batch, metric in
                               progress.batchEnded(epoch: epoch, batch: batch, metrics: { metric.globalNameValues })
                           })
        }
        return .none
    }

    static func iterator(_ value: Value, _ function: String, _ parameter: String) throws -> NDArrayIter {
        if case .object(let o) = value, let it = o as? DataIterObject { return it.iterator }
        throw ScriptError(.typeError, "\(function)() argument '\(parameter)' must be an mx.io.NDArrayIter, not \(value.typeName)")
    }

    /// `'rmse'`, `['rmse', 'mae']`, or an `mx.metric` object.
    static func metricNames(_ value: Value) throws -> [String] {
        switch value {
        case .str(let s): return [s]
        case .list(let l): return try l.items.flatMap(metricNames)
        case .tuple(let t): return try t.flatMap(metricNames)
        case .object(let o as MetricObject): return [o.name]
        default: throw ScriptError(.typeError, "eval_metric must be a metric name such as 'rmse', a list of names, or an mx.metric object, not \(value.typeName)")
        }
    }

    /// `(('learning_rate', 0.001),)` or `{'learning_rate': 0.001}`.
    static func optimizerParams(_ value: Value) throws -> [(String, Double)] {
        func pair(_ key: Value, _ v: Value) throws -> (String, Double) {
            guard case .str(let name) = key else { throw ScriptError(.typeError, "optimizer_params keys must be strings, got \(key.typeName)") }
            return (name, try SystemModules.number(v, "fit", "optimizer_params['\(name)']"))
        }
        switch value {
        case .dict(let d): return try d.items.map { try pair($0.0, $0.1) }
        case .tuple, .list:
            let items: [Value]
            if case .tuple(let t) = value { items = t } else if case .list(let l) = value { items = l.items } else { items = [] }
            return try items.map { item in
                switch item {
                case .tuple(let kv) where kv.count == 2: return try pair(kv[0], kv[1])
                case .list(let kv) where kv.items.count == 2: return try pair(kv.items[0], kv.items[1])
                default: throw ScriptError(.typeError, "optimizer_params must hold (name, value) pairs, got \(Value.reprOf(item))")
                }
            }
        default: throw ScriptError(.typeError, "optimizer_params must be a dict or a tuple of (name, value) pairs, not \(value.typeName)")
        }
    }

    static func speedometer(_ value: Value) throws -> Speedometer? {
        switch value {
        case .object(let o as SpeedometerObject): return o.makeCallback()
        case .list(let l): return try l.items.compactMap(speedometer).first
        case .tuple(let t): return try t.compactMap(speedometer).first
        default: throw ScriptError(.typeError, "batch_end_callback must be an mx.callback.Speedometer (or a list of them), not \(value.typeName)")
        }
    }
}

/// `mx.metric.RMSE()`, `mx.metric.create('rmse')`: a metric chosen by name.
final class MetricObject: ScriptObject {
    let name: String
    init(_ name: String) { self.name = name }
    var typeName: String { "EvalMetric" }
    func repr() -> String { "EvalMetric: {'\(name)'}" }
}
