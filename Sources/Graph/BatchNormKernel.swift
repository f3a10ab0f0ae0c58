// BatchNorm over axis 1, with MXNet's symbol defaults and running statistics.
import Foundation
import Tensor

/// MXNet `BatchNorm` (axis 1). Inputs: data `[batch, channels, …]`, gamma, beta `[channels]`,
/// auxiliary moving mean and variance `[channels]`.
///
/// Training: `y = γ·(x − μ_B)/√(σ²_B + ε) + β` with the batch mean and biased variance, and
/// `moving = moving·momentum + batch·(1 − momentum)` (MXNet's convention: momentum weights the
/// old value). Inference: the moving statistics replace the batch's. `fixGamma`: γ ≡ 1, no γ
/// gradient.
final class BatchNormKernel: OperatorKernel {
    private let binding: KernelBinding
    private let fixGamma: Bool
    private let momentum: Float
    private let eps: Float
    private let outer: Int
    private let channels: Int
    private let inner: Int
    /// Per channel: the mean and 1/std used by the last forward, and Double accumulators.
    private let mean: UnsafeMutablePointer<Float>
    private let inverseStd: UnsafeMutablePointer<Float>
    private let sums: UnsafeMutablePointer<Double>
    private let sums2: UnsafeMutablePointer<Double>

    static func inferShapes(node: String, data: [Int]) throws -> NodeShapes {
        guard data.count >= 2 else {
            throw EngineError.shapeMismatch("\(node): BatchNorm needs data with at least 2 dimensions, got \(data)")
        }
        let channel = [data[1]]
        return NodeShapes(inputs: [data, channel, channel, channel, channel], output: data)
    }

    init(_ binding: KernelBinding, fixGamma: Bool, momentum: Float, eps: Float) throws {
        guard eps > 0 else {
            throw EngineError.invalidArgument("\(binding.name): eps must be positive, got \(eps)")
        }
        self.binding = binding
        self.fixGamma = fixGamma
        self.momentum = momentum
        self.eps = eps
        let shape = binding.inputShapes[0]
        outer = shape[0]
        channels = shape[1]
        inner = shape[2...].reduce(1, *)
        let c = max(channels, 1)
        mean = .allocate(capacity: c)
        inverseStd = .allocate(capacity: c)
        sums = .allocate(capacity: c)
        sums2 = .allocate(capacity: c)
        mean.initialize(repeating: 0, count: c)
        inverseStd.initialize(repeating: 1, count: c)
    }

    deinit {
        mean.deallocate()
        inverseStd.deallocate()
        sums.deallocate()
        sums2.deallocate()
    }

    private var itemCount: Int { outer * inner }
    private var lastWasTraining = false

    func forward(isTraining: Bool) throws {
        let x = binding.inputs[0], gamma = binding.inputs[1], beta = binding.inputs[2]
        let movingMean = binding.inputs[3], movingVariance = binding.inputs[4], y = binding.output
        let inner = self.inner
        lastWasTraining = isTraining
        if isTraining {
            // Per-channel sums in Double, in memory order (rows outer, channels inner).
            sums.update(repeating: 0, count: channels)
            for o in 0..<outer {
                for c in 0..<channels {
                    let block = x + (o * channels + c) * inner
                    var s = 0.0
                    for j in 0..<inner { s += Double(block[j]) }
                    sums[c] += s
                }
            }
            let n = Double(max(itemCount, 1))
            for c in 0..<channels { mean[c] = Float(sums[c] / n) }
            sums2.update(repeating: 0, count: channels)
            for o in 0..<outer {
                for c in 0..<channels {
                    let block = x + (o * channels + c) * inner
                    let m = mean[c]
                    var s = 0.0
                    for j in 0..<inner {
                        let d = Double(block[j] - m)
                        s += d * d
                    }
                    sums2[c] += s
                }
            }
            for c in 0..<channels {
                let variance = Float(sums2[c] / n)
                inverseStd[c] = 1 / (variance + eps).squareRoot()
                movingMean[c] = movingMean[c] * momentum + mean[c] * (1 - momentum)
                movingVariance[c] = movingVariance[c] * momentum + variance * (1 - momentum)
            }
        } else {
            for c in 0..<channels {
                mean[c] = movingMean[c]
                inverseStd[c] = 1 / (movingVariance[c] + eps).squareRoot()
            }
        }
        let fixGamma = self.fixGamma
        for o in 0..<outer {
            for c in 0..<channels {
                let offset = (o * channels + c) * inner
                let scale = (fixGamma ? 1 : gamma[c]) * inverseStd[c], shift = beta[c], m = mean[c]
                for j in 0..<inner { y[offset + j] = (x[offset + j] - m) * scale + shift }
            }
        }
    }

    func backward() throws {
        guard let g = binding.outputGradient else { return }
        let x = binding.inputs[0], gamma = binding.inputs[1], inner = self.inner
        // sums = Σ g, sums2 = Σ g·x̂ per channel.
        sums.update(repeating: 0, count: channels)
        sums2.update(repeating: 0, count: channels)
        for o in 0..<outer {
            for c in 0..<channels {
                let offset = (o * channels + c) * inner
                let m = mean[c], s = inverseStd[c]
                var sg = 0.0, sgx = 0.0
                for j in 0..<inner {
                    let gj = Double(g[offset + j])
                    sg += gj
                    sgx += gj * Double((x[offset + j] - m) * s)
                }
                sums[c] += sg
                sums2[c] += sgx
            }
        }
        if let dGamma = binding.inputGradients[1] {
            let add = binding.requests[1] == .add
            for c in 0..<channels {
                let value: Float = fixGamma ? 0 : Float(sums2[c])
                dGamma[c] = add ? dGamma[c] + value : value
            }
        }
        if let dBeta = binding.inputGradients[2] {
            let add = binding.requests[2] == .add
            for c in 0..<channels { dBeta[c] = add ? dBeta[c] + Float(sums[c]) : Float(sums[c]) }
        }
        guard let dx = binding.inputGradients[0] else { return }
        let add = binding.requests[0] == .add
        let n = Float(max(itemCount, 1))
        for o in 0..<outer {
            for c in 0..<channels {
                let offset = (o * channels + c) * inner
                let m = mean[c], s = inverseStd[c]
                let scale = (fixGamma ? 1 : gamma[c]) * s
                let meanG = Float(sums[c]) / n, meanGX = Float(sums2[c]) / n
                for j in 0..<inner {
                    let value: Float
                    if lastWasTraining {
                        let xhat = (x[offset + j] - m) * s
                        value = scale * (g[offset + j] - meanG - xhat * meanGX)
                    } else {
                        value = scale * g[offset + j]
                    }
                    dx[offset + j] = add ? dx[offset + j] + value : value
                }
            }
        }
    }
}
