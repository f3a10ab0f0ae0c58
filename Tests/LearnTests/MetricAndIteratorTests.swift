import XCTest
import Learn
import Tensor

final class MetricTests: XCTestCase {
    func testRegressionMetricsAverageBatchValues() throws {
        let metrics = try CompositeMetric(names: ["rmse", "mse", "mae"])
        // Batch 1: errors 0 and 2 → mse 2, rmse √2, mae 1. Batch 2: error 3 → mse 9, rmse 3, mae 3.
        try metrics.update(labels: Tensor([1, 2]), predictions: Tensor(shape: [2, 1], scalars: [1, 4]))
        try metrics.update(labels: Tensor([0]), predictions: Tensor(shape: [1, 1], scalars: [3]))
        let values = metrics.nameValues
        XCTAssertEqual(values.map(\.0), ["rmse", "mse", "mae"])
        XCTAssertEqual(values[0].1, (2.0.squareRoot() + 3) / 2, accuracy: 1e-12)
        XCTAssertEqual(values[1].1, 5.5, accuracy: 1e-12)
        XCTAssertEqual(values[2].1, 2, accuracy: 1e-12)
        // A global RMSE would be √((0 + 4 + 9) / 3) ≈ 2.08; MXNet's per-batch mean is ≈ 2.207.
        XCTAssertNotEqual(values[0].1, (13.0 / 3).squareRoot(), accuracy: 0.01)

        metrics.resetLocal()
        XCTAssertTrue(metrics.nameValues[0].1.isNaN)
        XCTAssertEqual(metrics.globalNameValues[1].1, 5.5, accuracy: 1e-12)
        metrics.reset()
        XCTAssertTrue(metrics.globalNameValues[1].1.isNaN)
    }

    func testAccuracyUsesArgmaxAndTruncatedLabels() throws {
        let accuracy = try CompositeMetric(names: ["acc"])
        XCTAssertEqual(accuracy.metrics[0].name, "accuracy")
        let predictions = try Tensor(shape: [3, 2], scalars: [0.1, 0.9, 0.8, 0.2, 0.3, 0.7])
        try accuracy.update(labels: Tensor([1, 1, 1.9]), predictions: predictions)
        XCTAssertEqual(accuracy.nameValues[0].1, 2.0 / 3, accuracy: 1e-12)
        try accuracy.update(labels: Tensor([0]), predictions: Tensor(shape: [1, 2], scalars: [5, 1]))
        XCTAssertEqual(accuracy.nameValues[0].1, 3.0 / 4, accuracy: 1e-12)  // per sample, not per batch
        XCTAssertThrowsError(try CompositeMetric(names: ["f1-ish"]))
        XCTAssertThrowsError(try accuracy.update(labels: Tensor([1, 2]), predictions: Tensor(shape: [3, 2], repeating: 0)))
    }
}

final class NDArrayIterTests: XCTestCase {
    private func samples(_ n: Int) throws -> (Tensor, Tensor) {
        (try Tensor(shape: [n, 2], scalars: (0..<n).flatMap { [Float($0), Float($0 + 10)] }), Tensor((0..<n).map { Float($0) * 0.5 }))
    }

    func testPadsTheLastBatchFromTheStart() throws {
        let (data, label) = try samples(5)
        let iterator = try NDArrayIter(data: [("x", data)], label: label, batchSize: 2)
        XCTAssertEqual(iterator.labelNames, ["softmax_label"])
        XCTAssertEqual(iterator.provideData.map(\.shape), [[2, 2]])
        XCTAssertEqual(iterator.batchesPerEpoch, 3)
        var seen: [([Float], [Float], Int)] = []
        while let batch = iterator.next() { seen.append((batch.data[0].scalars, batch.label[0].scalars, batch.pad)) }
        XCTAssertEqual(seen.map(\.0), [[0, 10, 1, 11], [2, 12, 3, 13], [4, 14, 0, 10]])
        XCTAssertEqual(seen.map(\.1), [[0, 0.5], [1, 1.5], [2, 0]])
        XCTAssertEqual(seen.map(\.2), [0, 0, 1])
        XCTAssertNil(iterator.next())
        iterator.reset()
        XCTAssertEqual(iterator.next()?.data[0].scalars, [0, 10, 1, 11])
    }

    func testDiscardAndShuffle() throws {
        let (data, label) = try samples(5)
        let discarding = try NDArrayIter(data: [("x", data)], label: label, batchSize: 2, lastBatchHandle: .discard)
        var count = 0
        while discarding.advance() { count += 1 }
        XCTAssertEqual(count, 2)

        EngineRandom.seed(3)
        let shuffled = try NDArrayIter(data: [("x", data)], label: label, batchSize: 5, shuffle: true)
        let batch = try XCTUnwrap(shuffled.next())
        let firstColumn = stride(from: 0, to: 10, by: 2).map { batch.data[0].scalars[$0] }
        XCTAssertEqual(firstColumn.sorted(), [0, 1, 2, 3, 4])
        // Data and label rows stay paired.
        XCTAssertEqual(batch.label[0].scalars, firstColumn.map { $0 * 0.5 })
        XCTAssertEqual(stride(from: 1, to: 10, by: 2).map { batch.data[0].scalars[$0] }, firstColumn.map { $0 + 10 })
    }

    func testMistakesAreValueErrors() throws {
        let (data, _) = try samples(5)
        XCTAssertThrowsError(try NDArrayIter(data: [("x", data)], label: Tensor([1, 2]), batchSize: 2)) { error in
            XCTAssertEqual((error as? EngineError)?.pythonExceptionName, "ValueError")
        }
        XCTAssertThrowsError(try NDArrayIter(data: [("x", data)], label: nil, batchSize: 0))
    }

    /// numpy arrays are read as float32 batch by batch: the batches equal those of float32
    /// tensors converted up front (int64 and float64 rounded to nearest, bool as 0/1), with
    /// padding, shuffling and a later change to the script's array (the iterator keeps the old
    /// values, as MXNet's copy does).
    func testNumpyInputsMatchFloat32Tensors() throws {
        let n = 7
        let ids = (0..<n).map { $0 * 16_777_219 }  // past 2^24: rounding to float32 matters
        let ratings = (0..<n).map { Double($0) * 0.1 + 1e-9 }
        let flags = (0..<n).map { $0 % 3 == 0 }
        var idArray = try NDArray(shape: [n], storage: .int64(ids))
        let sources: [(String, SampleArray)] = [
            ("id", .array(idArray)),
            ("rating", .array(try NDArray(shape: [n, 1], storage: .float64(ratings)))),
            ("flag", .array(try NDArray(shape: [n], storage: .bool(flags)))),
        ]
        let tensors: [(String, Tensor)] = [
            ("id", Tensor(ids.map { Float(Double($0)) })),
            ("rating", try Tensor(shape: [n, 1], scalars: ratings.map { Float($0) })),
            ("flag", Tensor(flags.map { $0 ? 1 : 0 })),
        ]
        for shuffle in [false, true] {
            EngineRandom.seed(5)
            let fromArrays = try NDArrayIter(samples: sources, batchSize: 3, shuffle: shuffle)
            EngineRandom.seed(5)
            let fromTensors = try NDArrayIter(data: tensors, batchSize: 3, shuffle: shuffle)
            // Changing the script's array afterwards does not reach the iterator.
            try idArray.assign(NDArray(scalar: .int64(-1)), at: [.integer(0)])
            var batches = 0
            while let a = fromArrays.next() {
                let b = try XCTUnwrap(fromTensors.next())
                XCTAssertEqual(a.data.map(\.scalars), b.data.map(\.scalars), "shuffle \(shuffle), batch \(batches)")
                XCTAssertEqual(a.pad, b.pad)
                batches += 1
            }
            XCTAssertNil(fromTensors.next())
            XCTAssertEqual(batches, 3)
        }
        let strings = try NDArray(shape: [2], storage: .string(["a", "b"]))
        XCTAssertThrowsError(try NDArrayIter(samples: [("s", .array(strings))], batchSize: 1))
    }
}
