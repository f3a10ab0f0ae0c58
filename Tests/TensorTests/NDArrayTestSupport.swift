import Foundation
import Tensor
import XCTest

/// Loads a JSON fixture written by `scripts/fixtures/*.py` from `Tests/TensorTests/Fixtures`.
func loadNumpyFixture(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name)
    let data = try Data(contentsOf: url)
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        XCTFail("fixture \(name) is not a JSON object", file: file, line: line)
        return [:]
    }
    return object
}

/// Builds an array from a fixture entry `{dtype, shape, data}` (floats are repr strings).
func decodeNumpyFixtureArray(_ entry: Any?) throws -> NDArray {
    guard let entry = entry as? [String: Any], let dtype = entry["dtype"] as? String,
          let shape = entry["shape"] as? [Int], let data = entry["data"] as? [Any] else {
        throw NDArrayError(.value, "bad fixture array")
    }
    let storage: NDArrayStorage
    switch dtype {
    case "float64": storage = .float64(data.map { Double($0 as? String ?? "") ?? .nan })
    case "float32": storage = .float32(data.map { Float(Double($0 as? String ?? "") ?? .nan) })
    case "int64": storage = .int64(data.map { ($0 as? NSNumber)?.intValue ?? 0 })
    case "bool": storage = .bool(data.map { ($0 as? NSNumber)?.boolValue ?? false })
    default: storage = .string(data.map { $0 as? String ?? "" })
    }
    return try NDArray(shape: shape, storage: storage)
}

/// Asserts two arrays have the same shape, dtype and elements (NaN equals NaN; `tolerance` is
/// relative, 0 for bit-exact), printing both when they differ.
func assertNDArraysEqual(_ actual: NDArray, _ expected: NDArray, tolerance: Double = 0, _ message: String = "",
                       file: StaticString = #filePath, line: UInt = #line) {
    guard actual.shape == expected.shape, actual.dtype == expected.dtype else {
        XCTFail("\(message): shape/dtype \(actual.shape) \(actual.dtype) != \(expected.shape) \(expected.dtype)\nactual: \(actual.debugDescription)\nexpected: \(expected.debugDescription)", file: file, line: line)
        return
    }
    for i in 0..<actual.count {
        let a = actual.scalar(at: i), e = expected.scalar(at: i)
        if a == e { continue }
        let x = a.doubleValue, y = e.doubleValue
        if x.isNaN && y.isNaN { continue }
        if tolerance > 0, Swift.abs(x - y) <= tolerance * Swift.max(1, Swift.abs(y)) { continue }
        XCTFail("\(message): element \(i): \(a) != \(e)\nactual: \(actual.debugDescription)\nexpected: \(expected.debugDescription)", file: file, line: line)
        return
    }
}
