import Script
import Learn
import Tensor

/// Converts between numpy arrays in scripts and the engine's float32 tensors, as MXNet copies
/// numpy input into float32 NDArrays (`NDArrayIter`, `mx.nd.array`).
enum MXNetConversions {
    /// A float32 tensor of the same shape from a numpy array, Series, list or number.
    /// - Throws: `TypeError` for strings or objects that are not array-like.
    static func tensor(from value: Value, what: String) throws -> Tensor {
        let array = try numericArray(from: value, what: what)
        let floats: [Float]
        do { floats = try array.floats() } catch {
            throw ScriptError(.typeError, "\(what): cannot convert \(array.dtypeDescription) to float32")
        }
        let shape = array.shape.isEmpty ? [1] : array.shape
        return try engine { try Tensor(shape: shape, scalars: floats) }
    }

    /// The samples of an iterator input from a numpy array, Series, list or number, read as
    /// float32 batch by batch (no float32 copy; see `SampleArray`).
    /// - Throws: `TypeError` for strings or objects that are not array-like.
    static func samples(from value: Value, what: String) throws -> SampleArray {
        .array(try numericArray(from: value, what: what))
    }

    /// The numpy array of `value`, which must not hold strings.
    private static func numericArray(from value: Value, what: String) throws -> NDArray {
        let array: NDArray
        do {
            array = try NDArrayObject.from(value)
        } catch let error as ScriptError {
            throw ScriptError(error.kind, "\(what): \(error.message)")
        }
        guard array.dtype != .string else {
            throw ScriptError(.typeError, "\(what): cannot convert an array of strings to float32")
        }
        return array
    }
}
