import XCTest
import Learn
import Tensor

/// One-step and few-step updates against MXNet 1.9.1's formulas, written out independently here.
final class OptimizerTests: XCTestCase {
    private func step(_ optimizer: Optimizer, weight: inout [Float], gradient: [Float], index: Int = 0) {
        let count = weight.count
        weight.withUnsafeMutableBufferPointer { w in
            gradient.withUnsafeBufferPointer { g in
                if let wb = w.baseAddress, let gb = g.baseAddress {
                    optimizer.update(index: index, weight: wb, gradient: gb, count: count)
                }
            }
        }
    }

    func testSGDPlainStepWithWeightDecayAndRescale() throws {
        let sgd = try makeOptimizer(name: "sgd", options: [("learning_rate", 0.1), ("wd", 0.01), ("rescale_grad", 0.5)])
        try sgd.prepare(names: ["fc_weight"], counts: [2])
        var weight: [Float] = [1, -2]
        step(sgd, weight: &weight, gradient: [0.5, 0.1])
        // w = (1 − lr·wd)·w − lr·rescale·g
        XCTAssertEqual(weight[0], 0.974, accuracy: 1e-6)
        XCTAssertEqual(weight[1], -2.003, accuracy: 1e-6)
    }

    func testSGDMomentumClippingAndNoDecayOnBiases() throws {
        let sgd = try makeOptimizer(name: "SGD", options: [("learning_rate", 0.1), ("wd", 0.01), ("rescale_grad", 0.5), ("momentum", 0.9)])
        try sgd.prepare(names: ["fc_weight", "fc_bias"], counts: [1, 1])
        var weight: [Float] = [1]
        step(sgd, weight: &weight, gradient: [0.5])
        XCTAssertEqual(weight[0], 0.974, accuracy: 1e-6)  // m = −lr·wd·w − lr·rescale·g = −0.026
        step(sgd, weight: &weight, gradient: [0.5])
        // m = 0.9·(−0.026) − 0.1·0.01·0.974 − 0.1·0.25 = −0.049374
        XCTAssertEqual(weight[0], 0.924626, accuracy: 1e-6)
        var bias: [Float] = [1]
        step(sgd, weight: &bias, gradient: [0.5], index: 1)
        XCTAssertEqual(bias[0], 0.975, accuracy: 1e-6)  // wd_mult 0 for biases

        let clipped = try makeOptimizer(name: "sgd", options: [("learning_rate", 0.1), ("wd", 0.01), ("rescale_grad", 0.5), ("clip_gradient", 0.2)])
        try clipped.prepare(names: ["w_weight"], counts: [2])
        var w: [Float] = [1, 1]
        step(clipped, weight: &w, gradient: [0.5, -2])
        XCTAssertEqual(w[0], 0.999 - 0.02, accuracy: 1e-6)  // 0.25 clipped to 0.2
        XCTAssertEqual(w[1], 0.999 + 0.02, accuracy: 1e-6)  // −1 clipped to −0.2
    }

    func testAdamMatchesMXNetUpdateRuleOverSeveralSteps() throws {
        let (lr, beta1, beta2, eps, wd, rescale) = (0.01, 0.9, 0.999, 1e-8, 0.05, 0.25)
        let adam = try makeOptimizer(name: "adam", options: [("learning_rate", lr), ("wd", wd), ("rescale_grad", rescale)])
        try adam.prepare(names: ["emb_weight", "fc_bias"], counts: [3, 3])
        var weight: [Float] = [0.5, -0.3, 0.01]
        var bias: [Float] = [0.5, -0.3, 0.01]
        var reference = weight.map(Double.init), referenceBias = reference
        var m = [0.0, 0, 0], v = [0.0, 0, 0], mb = [0.0, 0, 0], vb = [0.0, 0, 0]
        let gradients: [[Float]] = [[1, -2, 0.5], [0.3, 0.1, -4], [-1, 2, 0]]
        for (t, gradient) in gradients.enumerated() {
            step(adam, weight: &weight, gradient: gradient, index: 0)
            step(adam, weight: &bias, gradient: gradient, index: 1)
            let lrT = lr * (1 - pow(beta2, Double(t + 1))).squareRoot() / (1 - pow(beta1, Double(t + 1)))
            for i in 0..<3 {
                let g = rescale * Double(gradient[i]) + wd * reference[i]
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                reference[i] -= lrT * m[i] / (v[i].squareRoot() + eps)
                let gb = rescale * Double(gradient[i])  // no weight decay on a bias
                mb[i] = beta1 * mb[i] + (1 - beta1) * gb
                vb[i] = beta2 * vb[i] + (1 - beta2) * gb * gb
                referenceBias[i] -= lrT * mb[i] / (vb[i].squareRoot() + eps)
            }
            for i in 0..<3 {
                XCTAssertEqual(Double(weight[i]), reference[i], accuracy: 1e-6, "step \(t + 1) weight \(i)")
                XCTAssertEqual(Double(bias[i]), referenceBias[i], accuracy: 1e-6, "step \(t + 1) bias \(i)")
            }
        }
        XCTAssertEqual((adam as? Adam)?.updateCount(for: 0), 3)
    }

    func testAdamFirstStepMovesEachElementByTheLearningRate() throws {
        // After bias correction m/√v = ±1 on the first step, so w moves by lr against sign(g).
        let adam = try makeOptimizer(name: "adam", options: [("learning_rate", 0.01), ("rescale_grad", 0.01)])
        try adam.prepare(names: ["fc_bias"], counts: [3])
        var bias: [Float] = [0.5, -0.3, 0.01]
        step(adam, weight: &bias, gradient: [1, -2, 0.5])
        XCTAssertEqual(bias[0], 0.49, accuracy: 1e-5)
        XCTAssertEqual(bias[1], -0.29, accuracy: 1e-5)
        XCTAssertEqual(bias[2], 0.0, accuracy: 1e-5)
    }

    func testAdamDefaultsAndUnknownNames() throws {
        let adam = try XCTUnwrap(try makeOptimizer(name: "adam", options: []) as? Adam)
        XCTAssertEqual(adam.learningRate, 0.001)
        XCTAssertEqual(adam.beta1, 0.9)
        XCTAssertEqual(adam.beta2, 0.999)
        XCTAssertEqual(adam.epsilon, 1e-8)
        XCTAssertThrowsError(try makeOptimizer(name: "adagrad-x", options: [])) { error in
            XCTAssertEqual((error as? EngineError)?.pythonExceptionName, "ValueError")
        }
        XCTAssertThrowsError(try makeOptimizer(name: "adam", options: [("momentum", 0.9)])) { error in
            XCTAssertTrue("\(error)".contains("momentum"))
        }
    }
}
