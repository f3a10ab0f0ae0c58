import XCTest
import Graph
import Tensor

/// Asserts that two arrays agree elementwise within `atol + rtol·|expected|`, printing shapes and
/// contents when they do not.
func assertClose(
    _ actual: [Float], _ expected: [Float], rtol: Float = 1e-5, atol: Float = 1e-6, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    guard actual.count == expected.count else {
        return XCTFail("\(message): sizes differ: \(actual.count) vs \(expected.count)\n actual \(actual)\n expected \(expected)", file: file, line: line)
    }
    for (index, (a, e)) in zip(actual, expected).enumerated() where !(abs(a - e) <= atol + rtol * abs(e)) {
        return XCTFail("\(message): element \(index): \(a) vs \(e)\n actual (\(actual.count)) \(actual)\n expected (\(expected.count)) \(expected)", file: file, line: line)
    }
}

/// Deterministic test values in `[low, high)`, optionally kept away from zero.
func testValues(_ count: Int, seed: UInt64, low: Float = -1, high: Float = 1, awayFromZero: Float = 0) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in
        var v = generator.uniform(low, high)
        while abs(v) < awayFromZero { v = generator.uniform(low, high) }
        return v
    }
}

/// Checks the executor's gradients of `Σ head ⊙ output` against central finite differences.
///
/// Each checked argument is perturbed by ±`step` one element at a time; the objective is
/// accumulated in Double from the Float32 outputs.
func checkGradients(
    _ symbol: Symbol, inputs: [String: Tensor], withRespectTo names: [String],
    step: Float = 1e-2, rtol: Float = 2e-2, atol: Float = 2e-3, isTraining: Bool = true,
    file: StaticString = #filePath, line: UInt = #line
) throws {
    let executor = try Executor(symbol: symbol, shapes: inputs.mapValues(\.shape), gradientNames: Set(names))
    for (name, value) in inputs { try executor.setValue(name, to: value) }
    try executor.forward(isTraining: isTraining)
    let head = try Tensor(shape: executor.outputShape, scalars: testValues(executor.outputShape.reduce(1, *), seed: 99))
    try executor.backward(outputGradient: head)
    let headValues = head.scalars

    func objective() throws -> Double {
        try executor.forward(isTraining: isTraining)
        return zip(executor.output.scalars, headValues).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }
    for name in names {
        let analytic = try executor.gradient(of: name).scalars
        var value = try executor.value(of: name)
        var numeric: [Float] = []
        for index in 0..<value.count {
            let original = value.scalars[index]
            value.withUnsafeMutableBufferPointer { $0[index] = original + step }
            try executor.setValue(name, to: value)
            let plus = try objective()
            value.withUnsafeMutableBufferPointer { $0[index] = original - step }
            try executor.setValue(name, to: value)
            let minus = try objective()
            value.withUnsafeMutableBufferPointer { $0[index] = original }
            try executor.setValue(name, to: value)
            numeric.append(Float((plus - minus) / (2 * Double(step))))
        }
        assertClose(analytic, numeric, rtol: rtol, atol: atol, "gradient of \(name) in \(symbol.name)", file: file, line: line)
    }
}
