import Foundation
import Learn
import Script
import Tensor

/// `mx.io.NDArrayIter` in a script: batches of named inputs and a label.
///
/// Example: `mx.io.NDArrayIter({'user': u, 'movie': m}, label=r, batch_size=1000)`.
final class DataIterObject: ScriptObject {
    let iterator: NDArrayIter
    init(_ iterator: NDArrayIter) { self.iterator = iterator }

    var typeName: String { "NDArrayIter" }
    func repr() -> String { "<mxnet.io.io.NDArrayIter object (\(iterator.sampleCount) samples, batch_size=\(iterator.batchSize))>" }
    var attributeNames: [String] { ["batch_size", "provide_data", "provide_label", "reset", "num_data"] }

    func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        func descriptions(_ items: [(name: String, shape: [Int])]) -> Value {
            .list(ListObject(items.map { .tuple([.str($0.name), .tuple($0.shape.map { .int($0) })]) }))
        }
        switch name {
        case "batch_size": return .int(iterator.batchSize)
        case "num_data": return .int(iterator.sampleCount)
        case "provide_data": return descriptions(iterator.provideData)
        case "provide_label": return descriptions(iterator.provideLabel)
        case "reset":
            return .object(BuiltinFunction("reset") { args, _ in
                _ = try args.bind("reset", [])
                self.iterator.reset()
                return .none
            })
        default: return nil
        }
    }

    /// MXNet's `NDArrayIter(data, label=None, batch_size=1, shuffle=False, last_batch_handle='pad',
    /// data_name='data', label_name='softmax_label')`. Inputs are read as float32 like MXNet's,
    /// batch by batch (no float32 copy of the whole data; see `SampleArray`).
    static func make(_ args: Arguments) throws -> Value {
        let b = try args.bind("NDArrayIter", ["data", "label", "batch_size", "shuffle", "last_batch_handle", "data_name", "label_name", "layout"], required: 1)
        let batchSize = try b.optional("batch_size").map { try MXNetSymbolModule.intValue($0, "NDArrayIter", "batch_size") } ?? 1
        let shuffle = try MXNetSymbolModule.flag(b, "shuffle", default: false)
        let handleName = try b.optional("last_batch_handle").map { try SystemModules.string($0, "NDArrayIter", "last_batch_handle") } ?? "pad"
        guard let handle = LastBatchHandle(rawValue: handleName) else {
            let unsupported = handleName == "roll_over" ? " ('roll_over' is not supported yet)" : ""
            throw ScriptError(.valueError, "NDArrayIter: last_batch_handle must be 'pad' or 'discard'\(unsupported), got \(Value.quote(handleName))")
        }
        let dataName = try b.optional("data_name").map { try SystemModules.string($0, "NDArrayIter", "data_name") } ?? "data"
        let labelName = try b.optional("label_name").map { try SystemModules.string($0, "NDArrayIter", "label_name") } ?? "softmax_label"
        let data = try namedArrays(b["data"] ?? .none, defaultName: dataName)
        let label = try b.optional("label").map { try namedArrays($0, defaultName: labelName) } ?? []
        // MXNet 1.x NDArrayIter: "batch_size needs to be smaller than data size."
        if let samples = data.first?.1.shape.first, batchSize > samples {
            throw ScriptError(.valueError, "NDArrayIter: batch_size (\(batchSize)) needs to be smaller than data size (\(samples))")
        }
        let iterator = try engine {
            try NDArrayIter(samples: data, label: label, batchSize: batchSize, shuffle: shuffle, lastBatchHandle: handle)
        }
        return .object(DataIterObject(iterator))
    }

    /// A dict name → array, a list of arrays (named `_0_data`… as MXNet does), or one array.
    private static func namedArrays(_ value: Value, defaultName: String) throws -> [(String, SampleArray)] {
        switch value {
        case .dict(let dict):
            return try dict.items.map { key, array in
                guard case .str(let name) = key else { throw ScriptError(.typeError, "NDArrayIter: input names must be strings, got \(key.typeName)") }
                return (name, try MXNetConversions.samples(from: array, what: "input '\(name)'"))
            }
        case .list(let list) where list.items.count > 0 && list.items.allSatisfy({ if case .object = $0 { return true } else { return false } }):
            return try list.items.enumerated().map { k, array in
                ("_\(k)_\(defaultName)", try MXNetConversions.samples(from: array, what: "input \(k)"))
            }
        default:
            return [(defaultName, try MXNetConversions.samples(from: value, what: "input '\(defaultName)'"))]
        }
    }
}

/// `mx.callback.Speedometer(batch_size, frequent=50, auto_reset=True)`.
final class SpeedometerObject: ScriptObject {
    let batchSize: Int, frequent: Int, autoReset: Bool
    init(batchSize: Int, frequent: Int, autoReset: Bool) {
        self.batchSize = batchSize
        self.frequent = frequent
        self.autoReset = autoReset
    }
    var typeName: String { "Speedometer" }
    func repr() -> String { "<mxnet.callback.Speedometer object (batch_size=\(batchSize), frequent=\(frequent))>" }
    /// A fresh engine callback (its timer starts with the fit that uses it).
    func makeCallback() -> Speedometer { Speedometer(batchSize: batchSize, frequent: frequent, autoReset: autoReset) }
}

/// `mx.init.Uniform(scale)`, `Normal(sigma)`, `Xavier()`, `Constant(value)`.
final class InitializerObject: ScriptObject {
    let initializer: Initializer
    let text: String
    init(_ initializer: Initializer, text: String) {
        self.initializer = initializer
        self.text = text
    }
    var typeName: String { "Initializer" }
    func repr() -> String { text }
}

/// `mx.cpu(i)` / `mx.gpu(i)`: accepted everywhere a context is; everything runs on the CPU.
final class ContextObject: ScriptObject {
    let deviceType: String, deviceID: Int
    init(_ deviceType: String, _ deviceID: Int) {
        self.deviceType = deviceType
        self.deviceID = deviceID
    }
    var typeName: String { "Context" }
    func repr() -> String { "\(deviceType)(\(deviceID))" }
    var attributeNames: [String] { ["device_type", "device_id"] }
    func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "device_type": return .str(deviceType)
        case "device_id": return .int(deviceID)
        default: return nil
        }
    }
}

/// An MXNet `NDArray` (what `predict` returns): float32, with `.asnumpy()`, `.shape`. Its
/// values are held as a numpy float32 array, so that `asnumpy()` shares them (numpy arrays are
/// values: a change to either copies first) instead of copying a prediction of many rows.
final class MXArrayObject: ScriptObject {
    let array: NDArray

    /// - Precondition: `array` is float32.
    init(_ array: NDArray) { self.array = array }
    /// A copy of `tensor`'s values.
    /// - Throws: the numpy error of `NDArray(shape:storage:)` (a Tensor's shape always fits).
    convenience init(_ tensor: Tensor) throws {
        do {
            self.init(try NDArray(shape: tensor.shape, storage: .float32(tensor.scalars)))
        } catch {
            throw NumpyBridge.scriptError(error)
        }
    }

    /// The values as an engine tensor (a copy).
    var tensor: Tensor {
        get throws {
            guard case .float32(let scalars) = array.storage else {
                throw ScriptError(.typeError, "an NDArray must hold float32 values")
            }
            return try engine { try Tensor(shape: array.shape, scalars: scalars) }
        }
    }

    var typeName: String { "NDArray" }
    var attributeNames: [String] { ["asnumpy", "shape", "size", "dtype", "context"] }
    func repr() -> String {
        var body = Value.strOf(.object(NDArrayObject(array)))
        if body.count > 2000 { body = "[…]" }
        return "\n\(body)\n<NDArray \(array.shape.map(String.init).joined(separator: "x")) @cpu(0)>"
    }
    func length() throws -> Int? { array.shape.first ?? 0 }

    func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "shape": return .tuple(array.shape.map { .int($0) })
        case "size": return .int(array.storage.count)
        case "dtype": return .str("float32")
        case "context": return .object(ContextObject("cpu", 0))
        case "asnumpy":
            return .object(BuiltinFunction("asnumpy", doc: "asnumpy()\n\nA numpy float32 array holding a copy of the data.") { args, _ in
                _ = try args.bind("asnumpy", [])
                return .object(NDArrayObject(self.array))
            })
        default: return nil
        }
    }
}
