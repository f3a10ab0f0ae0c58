import Foundation
import Tensor
import XCTest

/// Arithmetic, reductions, indexing and algorithms against numpy.
final class NDArrayOperationTests: XCTestCase {
    func testBinaryOperationsMatchNumpy() throws {
        let fixture = try loadNumpyFixture("ndarray_ops.json")
        let table: [String: NDArrayOperation] = ["add": .add, "subtract": .subtract, "multiply": .multiply,
                                                 "trueDivide": .trueDivide, "floorDivide": .floorDivide,
                                                 "remainder": .remainder, "power": .power]
        for entry in try XCTUnwrap(fixture["binary"] as? [[String: Any]]) {
            let name = try XCTUnwrap(entry["op"] as? String)
            let op = try XCTUnwrap(table[name])
            let result = try NDArray.apply(op, decodeNumpyFixtureArray(entry["lhs"]), decodeNumpyFixtureArray(entry["rhs"]))
            // power goes through libm pow, as numpy's does; allow 1 ulp-ish there.
            assertNDArraysEqual(result, try decodeNumpyFixtureArray(entry["result"]), tolerance: name == "power" ? 1e-15 : 0, name)
        }
    }

    func testReductionsMatchNumpy() throws {
        let fixture = try loadNumpyFixture("ndarray_ops.json")
        for entry in try XCTUnwrap(fixture["reductions"] as? [[String: Any]]) {
            let array = try decodeNumpyFixtureArray(entry["array"])
            let axis = entry["axis"] as? Int
            let label = "\(array.dtype) axis \(String(describing: axis))"
            assertNDArraysEqual(try array.sum(axis: axis), try decodeNumpyFixtureArray(entry["sum"]), "sum \(label)")
            assertNDArraysEqual(try array.mean(axis: axis), try decodeNumpyFixtureArray(entry["mean"]), "mean \(label)")
            assertNDArraysEqual(try array.standardDeviation(axis: axis), try decodeNumpyFixtureArray(entry["std"]), tolerance: 1e-6, "std \(label)")
            assertNDArraysEqual(try array.min(axis: axis), try decodeNumpyFixtureArray(entry["min"]), "min \(label)")
            assertNDArraysEqual(try array.max(axis: axis), try decodeNumpyFixtureArray(entry["max"]), "max \(label)")
            assertNDArraysEqual(try array.argmax(axis: axis), try decodeNumpyFixtureArray(entry["argmax"]), "argmax \(label)")
            assertNDArraysEqual(try array.argmin(axis: axis), try decodeNumpyFixtureArray(entry["argmin"]), "argmin \(label)")
        }
    }

    func testPromotionRules() throws {
        let f32 = NDArray([Float(1.5), 2])
        let ints = NDArray([1, 2])
        // float32 op Python float stays float32; int op Python float → float64; int / int → float64.
        XCTAssertEqual(try NDArray.apply(.multiply, f32, NDArray(scalar: .float64(2.5)), rhsIsPythonScalar: true).dtype, .float32)
        XCTAssertEqual(try NDArray.apply(.add, ints, NDArray(scalar: .float64(0.5)), rhsIsPythonScalar: true).dtype, .float64)
        XCTAssertEqual(try NDArray.apply(.trueDivide, ints, ints), NDArray([1.0, 1.0]))
        XCTAssertEqual(try NDArray.apply(.add, ints, f32).dtype, .float64)
        XCTAssertEqual(try NDArray.apply(.subtract, ints, NDArray(scalar: .int64(1)), rhsIsPythonScalar: true), NDArray([0, 1]))
        XCTAssertThrowsError(try NDArray.apply(.power, ints, NDArray([-1]))) {
            XCTAssertEqual(($0 as? NDArrayError)?.message, "Integers to negative integer powers are not allowed.")
        }
        XCTAssertThrowsError(try NDArray.apply(.add, NDArray([1, 2, 3]), NDArray([1, 2]))) {
            XCTAssertEqual(($0 as? NDArrayError)?.message, "operands could not be broadcast together with shapes (3,) (2,) ")
        }
    }

    func testIndexingLikeNumpy() throws {
        let x = try NDArray(shape: [3, 4], storage: .int64(Array(0..<12)))
        // x[1:3, 0] → array([4, 8]); x[-1] → array([ 8,  9, 10, 11]); x[::2, ::-1]
        XCTAssertEqual(try x.subscripted([.slice(start: 1, stop: 3, step: nil), .integer(0)]), NDArray([4, 8]))
        XCTAssertEqual(try x.subscripted([.integer(-1)]), NDArray([8, 9, 10, 11]))
        XCTAssertEqual(try x.subscripted([.slice(start: nil, stop: nil, step: 2), .slice(start: nil, stop: nil, step: -1)]),
                       try NDArray(shape: [2, 4], storage: .int64([3, 2, 1, 0, 11, 10, 9, 8])))
        // X[i, j] with two index arrays (the tutorial's X_values = X[i, j]).
        let i = NDArray([0, 2, 2, 1]), j = NDArray([3, 0, 1, -1])
        XCTAssertEqual(try x.subscripted([.array(i), .array(j)]), NDArray([3, 8, 9, 7]))
        // x[:, [0, 2]] keeps the slice dim first.
        XCTAssertEqual(try x.subscripted([.slice(start: nil, stop: nil, step: nil), .array(NDArray([0, 2]))]),
                       try NDArray(shape: [3, 2], storage: .int64([0, 2, 4, 6, 8, 10])))
        // Boolean mask over the whole array.
        let mask = try NDArray.compare(.greater, x, NDArray(scalar: .int64(8)), rhsIsPythonScalar: true)
        XCTAssertEqual(try x.subscripted([.array(mask)]), NDArray([9, 10, 11]))
        XCTAssertThrowsError(try NDArray(Array(0..<250)).subscripted([.array(NDArray([3, 250]))])) {
            XCTAssertEqual(($0 as? NDArrayError)?.message, "index 250 is out of bounds for axis 0 with size 250")
            XCTAssertEqual(($0 as? NDArrayError)?.kind, .index)
        }
        XCTAssertThrowsError(try x.subscripted([.integer(0), .integer(0), .integer(0)])) {
            XCTAssertEqual(($0 as? NDArrayError)?.message, "too many indices for array: array is 2-dimensional, but 3 were indexed")
        }
    }

    func testAssignmentBroadcastsAndCasts() throws {
        var labels = try NDArray.zeros(shape: [5])
        try labels.assign(NDArray(scalar: .int64(3)), at: [.array(NDArray([4, 0]))])
        XCTAssertEqual(labels, NDArray([3.0, 0, 0, 0, 3]))
        var grid = try NDArray.zeros(shape: [2, 3], dtype: .int64)
        try grid.assign(NDArray([1, 2, 3]), at: [.slice(start: nil, stop: nil, step: nil)])
        XCTAssertEqual(grid, try NDArray(shape: [2, 3], storage: .int64([1, 2, 3, 1, 2, 3])))
        let mask = NDArray([true, false, true, false, true, false])
        var flat = grid.flattened
        try flat.assign(NDArray(scalar: .float64(9.7)), at: [.array(mask)])
        XCTAssertEqual(flat, NDArray([9, 2, 9, 1, 9, 3]))
    }

    func testUniqueSortAndJoins() throws {
        // numpy.unique(['b', 'a', 'b', 'Comedy'], return_counts=True) → (['Comedy', 'a', 'b'], [1, 1, 2])
        let (values, counts) = NDArray(["b", "a", "b", "Comedy"]).unique()
        XCTAssertEqual(values, NDArray(["Comedy", "a", "b"]))
        XCTAssertEqual(counts, [1, 1, 2])
        let (numbers, numberCounts) = NDArray([3.0, .nan, 1, 3, .nan]).unique()
        XCTAssertEqual(numbers.count, 3)
        XCTAssertEqual(numberCounts, [1, 2, 2])
        XCTAssertEqual(try NDArray([3, 1, 2, 1]).argsorted(), NDArray([1, 3, 2, 0]))
        XCTAssertEqual(try NDArray([3, 1, 2]).sorted(), NDArray([1, 2, 3]))
        XCTAssertEqual(try NDArray.concatenate([NDArray([1, 2]), NDArray([0.5])]), NDArray([1.0, 2, 0.5]))
        XCTAssertEqual(try NDArray.stack([NDArray([1, 2]), NDArray([3, 4])], axis: 1),
                       try NDArray(shape: [2, 2], storage: .int64([1, 3, 2, 4])))
        let a = try NDArray(shape: [2, 3], storage: .float64([1, 2, 3, 4, 5, 6]))
        let b = try NDArray(shape: [3, 2], storage: .float64([1, 0, 0, 1, 1, 1]))
        XCTAssertEqual(try NDArray.dot(a, b), try NDArray(shape: [2, 2], storage: .float64([4, 5, 10, 11])))
        XCTAssertEqual(try NDArray.dot(NDArray([1, 2, 3]), NDArray([4, 5, 6])), NDArray(scalar: .int64(32)))
        XCTAssertThrowsError(try NDArray.dot(a, NDArray([1.0, 2]))) {
            XCTAssertEqual(($0 as? NDArrayError)?.message, "shapes (2, 3) and (2,) not aligned: 3 (dim 1) != 2 (dim 0)")
        }
    }

    func testCreation() throws {
        // numpy.linspace(0, 1, 5) → [0., 0.25, 0.5, 0.75, 1.]; numpy.arange(0, 1, 0.25)
        XCTAssertEqual(try NDArray.linspace(start: 0, stop: 1, count: 5), NDArray([0, 0.25, 0.5, 0.75, 1]))
        XCTAssertEqual(try NDArray.arange(start: 0, stop: 1, step: 0.25, integer: false), NDArray([0, 0.25, 0.5, 0.75]))
        XCTAssertEqual(try NDArray.arange(start: 5, stop: 0, step: -2, integer: true), NDArray([5, 3, 1]))
        XCTAssertEqual(try NDArray([1.0, 2, 3, 4, 5, 6]).reshaped([-1, 2]).shape, [3, 2])
        XCTAssertThrowsError(try NDArray([1.0, 2, 3]).reshaped([2, -1])) {
            XCTAssertEqual(($0 as? NDArrayError)?.message, "cannot reshape array of size 3 into shape (2, -1)")
        }
        XCTAssertThrowsError(try NDArray.zeros(shape: [1 << 20, 1 << 20])) { XCTAssertEqual(($0 as? NDArrayError)?.kind, .memory) }
        let t = try NDArray(shape: [2, 3], storage: .int64(Array(0..<6))).transposed()
        XCTAssertEqual(t, try NDArray(shape: [3, 2], storage: .int64([0, 3, 1, 4, 2, 5])))
        XCTAssertEqual(try NDArray([2.5, -1.5, 0.5]).rounded(), NDArray([2.0, -2, 0]))
    }
}

/// User mistakes with extreme sizes are errors, never traps.
final class NDArraySizeLimitTests: XCTestCase {
    func testHugeShapesAndStepsThrow() throws {
        XCTAssertThrowsError(try NDArray([1.0, 2]).reshaped([Int.max, 2])) { XCTAssertEqual(($0 as? NDArrayError)?.kind, .value) }
        XCTAssertThrowsError(try NDArray.arange(start: 0, stop: .infinity, step: 1, integer: false)) {
            XCTAssertEqual(($0 as? NDArrayError)?.kind, .memory)
        }
        XCTAssertThrowsError(try NDArray.linspace(start: 0, stop: 1, count: Int.max))
        XCTAssertThrowsError(try NDArray.full(shape: [2], value: .float64(1e300), dtype: .int64))
        // a[::2**62] → the first element only; a[::-(2**62)] → the last.
        let a = NDArray([1, 2, 3])
        XCTAssertEqual(try a.subscripted([.slice(start: nil, stop: nil, step: 1 << 62)]), NDArray([1]))
        XCTAssertEqual(try a.subscripted([.slice(start: nil, stop: nil, step: Int.min)]), NDArray([3]))
        XCTAssertEqual(try NDArray.zeros(shape: [1 << 40, 0]).count, 0)
    }
}
