import Foundation
import XCTest
import Graph
import Tensor

/// The executor's row-sparse embedding gradient (MXNet's `row_sparse` storage): the rows a batch
/// reads and their gradients, which must equal the dense gradient's bit for bit.
final class RowSparseGradientTests: XCTestCase {
    override func setUp() {
        Symbol.resetNaming()
    }

    /// Matrix factorization with a regression loss; `userRows` and `movieRows` pick how many
    /// radix passes the grouping takes (11 bits of the row per pass).
    private func model(userRows: Int, movieRows: Int, width: Int) -> Symbol {
        let user = Symbol.embedding(data: .variable("user"), inputDim: userRows, outputDim: width, name: "u")
        let movie = Symbol.embedding(data: .variable("movie"), inputDim: movieRows, outputDim: width, name: "m")
        let prediction = Symbol.flatten(Symbol.sumAxis(user * movie, axis: 1))
        return Symbol.linearRegressionOutput(data: prediction, label: .variable("label"))
    }

    private func executor(_ symbol: Symbol, batch: Int, userRows: Int, movieRows: Int, width: Int) throws -> Executor {
        let executor = try Executor(symbol: symbol, shapes: ["user": [batch], "movie": [batch], "label": [batch]],
                                    gradientNames: ["u_weight", "m_weight"])
        try executor.setValue("u_weight", to: Tensor(shape: [userRows, width], scalars: testValues(userRows * width, seed: 1)))
        try executor.setValue("m_weight", to: Tensor(shape: [movieRows, width], scalars: testValues(movieRows * width, seed: 2)))
        return executor
    }

    /// A batch with repeated rows (a few hot ones) and fractional indices (truncated).
    private func setBatch(_ executor: Executor, batch: Int, userRows: Int, movieRows: Int, seed: UInt64) throws -> [Int] {
        var generator = SeededGenerator(seed: seed)
        var users: [Float] = [], movies: [Float] = [], labels: [Float] = []
        for i in 0..<batch {
            let hot = i % 3 == 0
            let user = hot ? Float(generator.next() % 7) : Float(generator.next() % UInt64(userRows))
            users.append(user + (i % 5 == 0 ? 0.75 : 0))
            movies.append(Float(generator.next() % UInt64(movieRows)))
            labels.append(Float(1 + generator.next() % 9) / 2)
        }
        users = users.map { min($0, Float(userRows - 1)) }
        try executor.setValue("user", to: Tensor(users))
        try executor.setValue("movie", to: Tensor(movies))
        try executor.setValue("label", to: Tensor(labels))
        return Array(Set(users.map { Int($0) })).sorted()
    }

    private func assertRowSparseEqualsDense(userRows: Int, movieRows: Int, width: Int, batch: Int,
                                            file: StaticString = #filePath, line: UInt = #line) throws {
        let dense = try executor(model(userRows: userRows, movieRows: movieRows, width: width),
                                 batch: batch, userRows: userRows, movieRows: movieRows, width: width)
        Symbol.resetNaming()
        let sparse = try executor(model(userRows: userRows, movieRows: movieRows, width: width),
                                  batch: batch, userRows: userRows, movieRows: movieRows, width: width)
        for (pass, seed) in [UInt64(5), 6, 7].enumerated() {
            let expectedRows = try setBatch(dense, batch: batch, userRows: userRows, movieRows: movieRows, seed: seed)
            _ = try setBatch(sparse, batch: batch, userRows: userRows, movieRows: movieRows, seed: seed)
            try dense.forward(isTraining: true)
            try dense.backward()
            // The second pass is left dense: the rows the row-sparse pass wrote must not linger.
            let rowSparse = pass != 1
            if rowSparse {
                let rows = try XCTUnwrap(try sparse.prepareRowSparseGradient(of: "u_weight"), file: file, line: line)
                XCTAssertEqual(rows, expectedRows, file: file, line: line)
            }
            try sparse.forward(isTraining: true)
            try sparse.backward()
            for name in ["u_weight", "m_weight"] {
                let expected = try dense.gradient(of: name).scalars
                XCTAssertEqual(try sparse.gradient(of: name).scalars.map(\.bitPattern), expected.map(\.bitPattern),
                               "\(name), pass \(pass)", file: file, line: line)
            }
            guard rowSparse else {
                XCTAssertNil(sparse.rowSparseGradient(of: "u_weight"), file: file, line: line)
                continue
            }
            let stored = try XCTUnwrap(sparse.rowSparseGradient(of: "u_weight"), file: file, line: line)
            XCTAssertEqual(stored.rows, expectedRows, file: file, line: line)
            let expected = try dense.gradient(of: "u_weight").scalars
            var nonzero = 0
            for (j, row) in stored.rows.enumerated() {
                for k in 0..<width {
                    XCTAssertEqual(stored.values[j * width + k].bitPattern, expected[row * width + k].bitPattern,
                                   "row \(row)", file: file, line: line)
                    if stored.values[j * width + k] != 0 { nonzero += 1 }
                }
            }
            XCTAssertGreaterThan(nonzero, stored.rows.count * width / 2, "the gradients are not all zero", file: file, line: line)
            XCTAssertNil(sparse.rowSparseGradient(of: "m_weight"), "only the prepared table is row-sparse", file: file, line: line)
        }
    }

    func testRowSparseGradientEqualsTheDenseOneBitForBit() throws {
        // 5000 user rows: two radix passes; 300 movie rows: one.
        try assertRowSparseEqualsDense(userRows: 5000, movieRows: 300, width: 5, batch: 2000)
    }

    func testGroupingTablesOfMoreThanFourMillionRows() throws {
        // 4,200,000 rows need three 11-bit passes (an odd number: the sort ends in its scratch).
        try assertRowSparseEqualsDense(userRows: 4_200_000, movieRows: 2, width: 1, batch: 3000)
    }

    func testAnInferencePassCancelsAPreparedRowSparsePassAndStillValidates() throws {
        let symbol = model(userRows: 50, movieRows: 40, width: 3)
        let executor = try executor(symbol, batch: 6, userRows: 50, movieRows: 40, width: 3)
        _ = try setBatch(executor, batch: 6, userRows: 50, movieRows: 40, seed: 9)
        XCTAssertNotNil(try executor.prepareRowSparseGradient(of: "u_weight"))
        // New inputs with a bad index, read by an inference pass: it must check them.
        try executor.setValue("user", to: Tensor([1, 2, 50, 3, 4, 5]))
        XCTAssertThrowsError(try executor.forward(isTraining: false)) { error in
            XCTAssertEqual("\(error)", "u: index 50 is out of range for input_dim 50")
        }
        try executor.setValue("user", to: Tensor([1, 2, 49, 3, 4, 1]))
        try executor.forward(isTraining: false)
        try executor.forward(isTraining: true)
        try executor.backward()
        XCTAssertNil(executor.rowSparseGradient(of: "u_weight"), "the pass was not prepared: dense")
        let gradient = try executor.gradient(of: "u_weight").scalars
        XCTAssertNotEqual(gradient[49 * 3], 0)
        XCTAssertEqual(gradient[10 * 3], 0)
    }

    func testPrepareValidatesIndicesAndLeavesSharedTablesDense() throws {
        let symbol = model(userRows: 50, movieRows: 40, width: 3)
        let executor = try executor(symbol, batch: 3, userRows: 50, movieRows: 40, width: 3)
        try executor.setValue("user", to: Tensor([1, -1, 2]))
        XCTAssertThrowsError(try executor.prepareRowSparseGradient(of: "u_weight")) { error in
            XCTAssertEqual("\(error)", "u: index -1 is out of range for input_dim 50")
        }
        try executor.setValue("user", to: Tensor([1, .infinity, 2]))
        XCTAssertThrowsError(try executor.prepareRowSparseGradient(of: "u_weight")) { error in
            XCTAssertEqual("\(error)", "u: index inf is not a valid row index for input_dim 50")
        }
        XCTAssertNil(try executor.prepareRowSparseGradient(of: "label"), "not an embedding weight")
        XCTAssertNil(try executor.prepareRowSparseGradient(of: "nope"))

        // One weight read by two embeddings: their gradients add up in one buffer, kept dense.
        Symbol.resetNaming()
        let weight = Symbol.variable("shared_weight")
        let a = Symbol.embedding(data: .variable("a"), inputDim: 10, outputDim: 2, weight: weight, name: "ea")
        let b = Symbol.embedding(data: .variable("b"), inputDim: 10, outputDim: 2, weight: weight, name: "eb")
        let shared = try Executor(symbol: Symbol.sumAxis(a * b, axis: 1), shapes: ["a": [2], "b": [2]],
                                  gradientNames: ["shared_weight"])
        try shared.setValue("a", to: Tensor([1, 2]))
        try shared.setValue("b", to: Tensor([2, 3]))
        XCTAssertNil(try shared.prepareRowSparseGradient(of: "shared_weight"))
        // Without a gradient the table has nothing to store.
        let inference = try Executor(symbol: symbol, shapes: ["user": [3], "movie": [3], "label": [3]])
        XCTAssertNil(try inference.prepareRowSparseGradient(of: "u_weight"))
    }

    func testRowSparseGradientOfEmbeddingsInsideAConcatenation() throws {
        // The deep MF network's input: the embeddings write into the concatenation's columns,
        // so their output gradients are rows 7 floats apart.
        let user = Symbol.embedding(data: .variable("user"), inputDim: 3000, outputDim: 3, name: "u")
        let movie = Symbol.embedding(data: .variable("movie"), inputDim: 300, outputDim: 4, name: "m")
        let hidden = Symbol.activation(data: .fullyConnected(data: .concat([user, movie]), numHidden: 8, name: "fc1"), type: .relu)
        let symbol = Symbol.linearRegressionOutput(data: .fullyConnected(data: hidden, numHidden: 1, name: "fc2"), label: .variable("label"))
        let batch = 500
        let shapes = ["user": [batch], "movie": [batch], "label": [batch]]
        let names: Set<String> = ["u_weight", "m_weight", "fc1_weight", "fc1_bias", "fc2_weight", "fc2_bias"]
        let executor = try Executor(symbol: symbol, shapes: shapes, gradientNames: names)
        for (seed, name) in names.sorted().enumerated() {
            try executor.setValue(name, to: Tensor(shape: executor.shapes[name] ?? [], scalars: testValues((executor.shapes[name] ?? []).reduce(1, *), seed: UInt64(20 + seed))))
        }
        let rows = try setBatch(executor, batch: batch, userRows: 3000, movieRows: 300, seed: 11)
        try executor.forward(isTraining: true)
        try executor.backward()
        let dense = try executor.gradient(of: "u_weight").scalars
        XCTAssertNotNil(try executor.prepareRowSparseGradient(of: "u_weight"))
        try executor.forward(isTraining: true)
        try executor.backward()
        let sparse = try XCTUnwrap(executor.rowSparseGradient(of: "u_weight"))
        XCTAssertEqual(sparse.rows, rows)
        XCTAssertEqual(try executor.gradient(of: "u_weight").scalars.map(\.bitPattern), dense.map(\.bitPattern))
        XCTAssertGreaterThan(dense.filter { $0 != 0 }.count, rows.count)
    }
}
