import XCTest
import Tensor

final class TensorTests: XCTestCase {
    func testInitialisersHoldShapeAndValues() throws {
        let filled = try Tensor(shape: [2, 3], repeating: 1.5)
        XCTAssertEqual(filled.shape, [2, 3])
        XCTAssertEqual(filled.scalars, Array(repeating: 1.5, count: 6))
        let values = try Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(try values.element(at: [2, 1]), 6)
        XCTAssertEqual(try values.element(at: [1, 0]), 3)
        let converted = try Tensor(shape: [2], converting: [0.1, 1e40])
        XCTAssertEqual(converted.scalars[0], Float(0.1))
        XCTAssertEqual(converted.scalars[1], .infinity)
        XCTAssertEqual(try Tensor(shape: []).count, 1)
    }

    func testShapeMistakesThrow() {
        XCTAssertThrowsError(try Tensor(shape: [2, 2], scalars: [1, 2, 3])) { error in
            XCTAssertEqual((error as? EngineError)?.pythonExceptionName, "ValueError")
        }
        XCTAssertThrowsError(try Tensor(shape: [-1, 2])) { error in
            XCTAssertEqual("\(error)", "negative dimensions are not allowed")
        }
        let tensor = Tensor([1, 2, 3])
        XCTAssertThrowsError(try tensor.element(at: [3])) { error in
            XCTAssertEqual("\(error)", "index 3 is out of bounds for axis 0 with size 3")
            XCTAssertEqual((error as? EngineError)?.pythonExceptionName, "IndexError")
        }
        XCTAssertThrowsError(try tensor.reshaped([2, 2])) { error in
            XCTAssertEqual("\(error)", "cannot reshape array of size 3 into shape [2, 2]")
        }
    }

    func testHugeAllocationIsAMemoryErrorNotATrap() {
        XCTAssertThrowsError(try Tensor(shape: [1 << 20, 1 << 20, 1 << 10])) { error in
            XCTAssertEqual((error as? EngineError)?.pythonExceptionName, "MemoryError")
        }
        let available = MemoryGuard.availableBytes()
        XCTAssertGreaterThan(available, 0)
        XCTAssertThrowsError(try Tensor(shape: [available / 4 + 1024])) { error in
            guard case let .outOfMemory(requested, _)? = error as? EngineError else {
                return XCTFail("expected outOfMemory, got \(error)")
            }
            XCTAssertEqual(requested, (available / 4 + 1024) * 4)
        }
    }

    func testValueSemantics() throws {
        var a = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = a
        try a.setElement(9, at: [0, 0])
        a.fill(7)
        XCTAssertEqual(b.scalars, [1, 2, 3, 4])
        XCTAssertEqual(a.scalars, [7, 7, 7, 7])
        let view = try b.reshaped([4])
        XCTAssertEqual(view.shape, [4])
        XCTAssertEqual(view.scalars, b.scalars)
    }

    func testMatmulAgainstHandComputedProducts() throws {
        let a = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = try Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
        XCTAssertEqual(try Tensor.matmul(a, b).scalars, [58, 64, 139, 154])
        // aᵀ·a = [[17, 22, 27], [22, 29, 36], [27, 36, 45]]
        XCTAssertEqual(try Tensor.matmul(a, a, transposeA: true).scalars, [17, 22, 27, 22, 29, 36, 27, 36, 45])
        // a·aᵀ = [[14, 32], [32, 77]]
        XCTAssertEqual(try Tensor.matmul(a, a, transposeB: true).scalars, [14, 32, 32, 77])
        XCTAssertThrowsError(try Tensor.matmul(a, a))
    }

    func testParallelSumIsDeterministicAndExact() {
        let count = 1_000_003
        let values = (0..<count).map { Float(($0 * 7919) % 1000) / 1000 }
        let expected = values.reduce(0.0) { $0 + Double($1) }
        let sums = (0..<3).map { _ in
            values.withUnsafeBufferPointer { buffer in
                Parallel.sum(count: count, minimumChunk: 10_000) { range in
                    var s = 0.0
                    for i in range { s += Double(buffer[i]) }
                    return s
                }
            }
        }
        XCTAssertEqual(sums[0], expected, accuracy: 1e-6 * expected)
        XCTAssertEqual(sums[0], sums[1])
        XCTAssertEqual(sums[1], sums[2])
        XCTAssertEqual(Parallel.chunkCount(count: count, minimumChunk: 10_000, maximumChunks: 64), 64)
        XCTAssertEqual(Parallel.chunkCount(count: 5, minimumChunk: 10_000, maximumChunks: 64), 1)

        var touched = [Int](repeating: 0, count: 100_000)
        touched.withUnsafeMutableBufferPointer { buffer in
            Parallel.forEachChunk(count: buffer.count, minimumChunk: 1000) { range in
                for i in range { buffer[i] += 1 }
            }
        }
        XCTAssertTrue(touched.allSatisfy { $0 == 1 })
    }

    func testSeededGeneratorRepeatsAndHasTheRightMoments() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let streamA = (0..<5).map { _ in a.next() }
        XCTAssertEqual(streamA, (0..<5).map { _ in b.next() })
        XCTAssertNotEqual(streamA, (0..<5).map { _ in c.next() })

        var generator = SeededGenerator(seed: 1)
        let uniforms = (0..<100_000).map { _ in generator.uniform(-0.01, 0.01) }
        XCTAssertTrue(uniforms.allSatisfy { $0 >= -0.01 && $0 < 0.01 })
        let mean = uniforms.reduce(0.0) { $0 + Double($1) } / Double(uniforms.count)
        XCTAssertEqual(mean, 0, accuracy: 1e-4)
        let normals = (0..<100_000).map { _ in generator.normal(mean: 2, standardDeviation: 3) }
        let normalMean = normals.reduce(0, +) / Double(normals.count)
        let variance = normals.reduce(0) { $0 + ($1 - normalMean) * ($1 - normalMean) } / Double(normals.count)
        XCTAssertEqual(normalMean, 2, accuracy: 0.05)
        XCTAssertEqual(variance.squareRoot(), 3, accuracy: 0.05)

        EngineRandom.seed(7)
        let first = EngineRandom.withGenerator { $0.next() }
        EngineRandom.seed(7)
        XCTAssertEqual(EngineRandom.withGenerator { $0.next() }, first)
    }

    func testErrorsMapToPythonExceptions() {
        XCTAssertEqual(EngineError.indexOutOfRange(layer: "embedding1", index: 193609, bound: 193609).description,
                       "embedding1: index 193609 is out of range for input_dim 193609")
        XCTAssertEqual(EngineError.indexOutOfRange(layer: "e", index: 1, bound: 1).pythonExceptionName, "IndexError")
        XCTAssertEqual(EngineError.interrupted.pythonExceptionName, "KeyboardInterrupt")
        XCTAssertEqual(EngineError.unknownName("x").pythonExceptionName, "KeyError")
        XCTAssertEqual(EngineError.outOfMemory(requestedBytes: 3 << 30, availableBytes: 1 << 30).description,
                       "cannot allocate 3.0 GiB: only 1.0 GiB of memory is available")
    }
}
