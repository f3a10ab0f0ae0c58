// Exact lazy Adam for embedding tables: rows are brought up to date only when read.
//
// Under MXNet's dense gradient every row of an embedding table takes an Adam step every batch,
// with a zero gradient for the rows the batch does not use: m ← β1·m, v ← β2·v,
// w ← w − lr_t·m/(√v + ε). Those steps depend only on the row's own state and on the global
// step's lr_t, so they can be deferred: each row remembers how many steps it has had, and when
// a batch touches it (or before anyone reads the weights) the skipped steps are replayed,
// element by element, in the dense kernel's float32 arithmetic and order — the result is the
// dense result bit for bit (see `replaySkippedSteps` for the one shortcut, which is also exact).
import Foundation
import Tensor

/// A lazily updated table's bookkeeping: `stamps[r]` is the number of steps row `r` has had.
struct LazyRowState {
    let width: Int
    var stamps: [Int]
}

extension Adam {
    /// Whether parameter `index` may be updated row-lazily: laziness is on and its weight decay
    /// is 0 (`wd·w` would be a nonzero gradient on every row every step). Clipping is harmless:
    /// a zero gradient clips to zero.
    func canUpdateLazily(index: Int) -> Bool {
        lazyRowUpdates && index < means.count && common.weightDecay(for: index) == 0
    }

    /// Brings rows `rows` of a table of `count / width` rows of `width` elements up to the
    /// current step (replays the zero-gradient steps they skipped), so that a forward pass
    /// reads exactly what dense Adam would hold. Call it before the forward pass of a batch
    /// that reads `rows`; `updateRows` then steps them.
    func catchUpRows(index: Int, weight: UnsafeMutablePointer<Float>, count: Int, width: Int, rows: [Int]) {
        guard index < means.count, width > 0, count % width == 0, canUpdateLazily(index: index) else { return }
        var state = takeState(index: index, weight: weight, count: count, width: width)
        let step = updateCounts[index]
        let context = replayContext(index: index, weight: weight)
        let tables = [UnsafeRawPointer(weight), UnsafeRawPointer(context.mean), UnsafeRawPointer(context.variance)]
        forEachRow(rows, of: &state, prefetching: tables) { _, row, stamp in
            guard stamp < step else { return }
            context.replay(elements: row * width..<(row + 1) * width, firstStep: stamp + 1, lastStep: step)
            stamp = step
        }
        lazyRows[index] = state
    }

    /// One Adam step on a table of `count / width` rows of `width` elements whose gradient is
    /// zero outside `rows` (unique row indices): the rows in `rows` are caught up (a no-op after
    /// `catchUpRows`), then stepped with their gradient; the others are left behind, to be
    /// caught up later. Equal, once caught up, to `update(index:weight:gradient:count:)` with
    /// the dense gradient. A `compact` gradient must come with ascending `rows` when the
    /// parameter cannot be updated lazily (it is then expanded for the dense step).
    func updateRows(index: Int, weight: UnsafeMutablePointer<Float>, gradient: TableGradient,
                    count: Int, width: Int, rows: [Int]) {
        guard index < means.count else { return }
        guard width > 0, count % width == 0, canUpdateLazily(index: index) else {
            switch gradient {
            case let .dense(base):
                update(index: index, weight: weight, gradient: base, count: count)
            case .compact:
                var dense = [Float](repeating: 0, count: count)
                dense.withUnsafeMutableBufferPointer { dense in
                    guard let base = dense.baseAddress else { return }
                    for (j, row) in rows.enumerated() where (row + 1) * width <= count {
                        (base + row * width).update(from: gradient.row(row, at: j, width: width), count: width)
                    }
                    update(index: index, weight: weight, gradient: base, count: count)
                }
            }
            return
        }
        var state = takeState(index: index, weight: weight, count: count, width: width)
        let lr = beginStep(index: index)
        let step = updateCounts[index]
        let context = replayContext(index: index, weight: weight)
        let rescale = common.rescaleGrad, clip = common.clipGradient
        var tables = [UnsafeRawPointer(weight), UnsafeRawPointer(context.mean), UnsafeRawPointer(context.variance)]
        if case let .dense(base) = gradient { tables.append(UnsafeRawPointer(base)) }
        forEachRow(rows, of: &state, prefetching: tables) { j, row, stamp in
            let elements = row * width..<(row + 1) * width
            context.replay(elements: elements, firstStep: stamp + 1, lastStep: step - 1)
            adamKernel(range: elements, weight: weight, gradient: gradient.row(row, at: j, width: width), mean: context.mean,
                       variance: context.variance, lr: lr, wd: 0, rescale: rescale, clip: clip,
                       beta1: context.beta1, beta2: context.beta2, epsilon: context.epsilon)
            stamp = step
        }
        lazyRows[index] = state
    }

    /// Runs `body(j, rows[j], &stamp)` for every row of `rows` inside the table (rows in
    /// parallel chunks; each row's work must touch only that row), prefetching the row of each
    /// of `tables` (arrays of `[rows, width]` floats) and its stamp a few rows ahead.
    @inline(__always)
    private func forEachRow(_ rows: [Int], of state: inout LazyRowState, prefetching tables: [UnsafeRawPointer],
                            _ body: (Int, Int, inout Int) -> Void) {
        let rowCount = state.stamps.count, rowBytes = state.width * MemoryLayout<Float>.stride
        let distance = 8
        state.stamps.withUnsafeMutableBufferPointer { stamps in
            guard let stampBase = stamps.baseAddress else { return }
            rows.withUnsafeBufferPointer { touched in
                Parallel.forEachChunk(count: touched.count, minimumChunk: 256) { range in
                    for j in range {
                        if j + distance < range.upperBound {
                            let ahead = touched[j + distance]
                            if ahead >= 0, ahead < rowCount {
                                for table in tables { Prefetch.bytes(table + ahead * rowBytes, count: rowBytes, forWriting: true) }
                                Prefetch.bytes(stampBase + ahead, count: MemoryLayout<Int>.stride)
                            }
                        }
                        let row = touched[j]
                        guard row >= 0, row < rowCount else { continue }
                        body(j, row, &stamps[row])
                    }
                }
            }
        }
    }

    /// Takes parameter `index`'s row bookkeeping out of `lazyRows` (so its stamps are uniquely
    /// referenced while written; the caller puts it back), creating it — every row current —
    /// when absent, and starting afresh (after a full catch-up) when the table's shape changed.
    private func takeState(index: Int, weight: UnsafeMutablePointer<Float>, count: Int, width: Int) -> LazyRowState {
        if let state = lazyRows[index], state.width != width || state.stamps.count != count / width {
            synchronizeRows(index: index, weight: weight)
            lazyRows[index] = nil
        }
        let state = lazyRows[index] ?? LazyRowState(
            width: width, stamps: Array(repeating: updateCounts[index], count: count / width))
        lazyRows[index] = nil
        return state
    }

    /// Brings every row of lazily updated parameter `index` up to date (a no-op otherwise), so
    /// that `weight` holds exactly what dense updates would have produced.
    func synchronizeRows(index: Int, weight: UnsafeMutablePointer<Float>) {
        guard index < lazyRows.count, var state = lazyRows[index] else { return }
        lazyRows[index] = nil
        let step = updateCounts[index], width = state.width
        let context = replayContext(index: index, weight: weight)
        state.stamps.withUnsafeMutableBufferPointer { stamps in
            Parallel.forEachChunk(count: stamps.count, minimumChunk: 1024) { range in
                for row in range where stamps[row] < step {
                    context.replay(elements: row * width..<(row + 1) * width, firstStep: stamps[row] + 1, lastStep: step)
                    stamps[row] = step
                }
            }
        }
        lazyRows[index] = state
    }

    private func replayContext(index: Int, weight: UnsafeMutablePointer<Float>) -> ZeroGradientReplay {
        ZeroGradientReplay(
            weight: weight, mean: means[index].pointer, variance: variances[index].pointer,
            rates: stepRates[index], largestRate: largestRates[index],
            beta1: beta1, beta2: beta2, epsilon: epsilon)
    }
}

/// Replays Adam steps with a zero gradient on a range of elements.
struct ZeroGradientReplay: @unchecked Sendable {
    let weight: UnsafeMutablePointer<Float>
    let mean: UnsafeMutablePointer<Float>
    let variance: UnsafeMutablePointer<Float>
    /// `rates[t − 1]` is step `t`'s `lr_t`.
    let rates: [Float]
    /// The largest `|lr_t|` of any step so far.
    let largestRate: Float
    let beta1: Float
    let beta2: Float
    let epsilon: Float

    /// Applies steps `firstStep...lastStep` (1-based) with a zero gradient to `elements`, in the
    /// dense kernel's float32 arithmetic: `m = m·β1 + 0`, `v = v·β2 + 0`, `w = w − lr_t·m/(√v + ε)`.
    /// Elements are independent, so they are replayed up to 32 at a time (a row of 25 factors in
    /// one pass), each lane running through all its steps in registers (the same operations, in
    /// the same order per element, as the dense kernel's step after step); the lanes' chains are
    /// independent, so the processor overlaps their square roots and divisions.
    ///
    /// The shortcut: once, for every element of a chunk, `L·|m| < ¼·gap(w)·max(ε, √v)` (L the
    /// largest rate, gap(w) a lower bound on the distance from |w| to the next float toward zero),
    /// no later step can move w in float32: the step at j steps on is at most
    /// `L·|m|·β1^j / max(ε, √v·β2^(j/2))` ≤ `L·|m|·ρ^j / max(ε, √v)` with ρ = β1/√β2 < 1 (and ≥ ε
    /// in the denominator even once v is subnormal, where √v·β1^j < ε), so below half the gap,
    /// and `w − δ` rounds back to w (the factor ½ to spare covers the rounding of m, v, δ and of
    /// the test itself). ε is kept, as it must be: √v is often below ε. The moments' remaining
    /// decay is then applied in closed form, m·β1^k and v·β2^k (one rounding instead of k; the
    /// weights are unaffected). The test runs every 16 steps of a long replay.
    @inline(__always)
    func replay(elements: Range<Int>, firstStep: Int, lastStep: Int) {
        guard firstStep <= lastStep, lastStep <= rates.count, firstStep >= 1 else { return }
        var start = elements.lowerBound
        while start < elements.upperBound {
            let count = Swift.min(elements.upperBound - start, 32)
            let next = replayChunk(start: start, count: count, firstStep: firstStep, lastStep: lastStep)
            decay(elements: start..<start + count, from: next, through: lastStep)
            start += count
        }
    }

    /// Replays elements `start..<start + count` (1 ≤ count ≤ 32) as up to four groups of eight
    /// lanes (the spare lanes hold zeros, which stay zero) from `firstStep` until `lastStep` or
    /// until they are frozen; returns the first step not applied.
    @inline(__always)
    private func replayChunk(start: Int, count: Int, firstStep: Int, lastStep: Int) -> Int {
        typealias Lanes = SIMD8<Float>
        let groups = (count + 7) / 8
        var m0 = Lanes.load(from: mean + start, count: count)
        var v0 = Lanes.load(from: variance + start, count: count)
        var w0 = Lanes.load(from: weight + start, count: count)
        var m1 = Lanes.load(from: mean + start + 8, count: count - 8)
        var v1 = Lanes.load(from: variance + start + 8, count: count - 8)
        var w1 = Lanes.load(from: weight + start + 8, count: count - 8)
        var m2 = Lanes.load(from: mean + start + 16, count: count - 16)
        var v2 = Lanes.load(from: variance + start + 16, count: count - 16)
        var w2 = Lanes.load(from: weight + start + 16, count: count - 16)
        var m3 = Lanes.load(from: mean + start + 24, count: count - 24)
        var v3 = Lanes.load(from: variance + start + 24, count: count - 24)
        var w3 = Lanes.load(from: weight + start + 24, count: count - 24)
        let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon)
        let canFreeze = lastStep - firstStep >= 16 && epsilon > 0 && beta1 >= 0 && beta1 < 1
            && beta2 > 0 && beta2 <= 1 && Double(beta1) < Double(beta2).squareRoot()
        @inline(__always) func advance(_ m: inout Lanes, _ v: inout Lanes, _ w: inout Lanes, _ lr: Float) {
            m = m * beta1
            v = v * beta2
            w = w - lr * m / (v.laneSquareRoot() + epsilon)
        }
        let next: Int = rates.withUnsafeBufferPointer { rates in
            var step = firstStep
            while step <= lastStep {
                if canFreeze && step > firstStep && (step - firstStep) % 16 == 0
                    && isFrozen(m: m0, v: v0, w: w0) && isFrozen(m: m1, v: v1, w: w1)
                    && isFrozen(m: m2, v: v2, w: w2) && isFrozen(m: m3, v: v3, w: w3) { break }
                let lr = rates[step - 1]
                advance(&m0, &v0, &w0, lr)
                if groups > 1 { advance(&m1, &v1, &w1, lr) }
                if groups > 2 { advance(&m2, &v2, &w2, lr) }
                if groups > 3 { advance(&m3, &v3, &w3, lr) }
                step += 1
            }
            return step
        }
        m0.store(to: mean + start, count: count)
        v0.store(to: variance + start, count: count)
        w0.store(to: weight + start, count: count)
        m1.store(to: mean + start + 8, count: count - 8)
        v1.store(to: variance + start + 8, count: count - 8)
        w1.store(to: weight + start + 8, count: count - 8)
        m2.store(to: mean + start + 16, count: count - 16)
        v2.store(to: variance + start + 16, count: count - 16)
        w2.store(to: weight + start + 16, count: count - 16)
        m3.store(to: mean + start + 24, count: count - 24)
        v3.store(to: variance + start + 24, count: count - 24)
        w3.store(to: weight + start + 24, count: count - 24)
        return next
    }

    /// Applies the moments' decay of steps `step...lastStep` in closed form (see `replay`).
    @inline(__always)
    private func decay(elements: Range<Int>, from step: Int, through lastStep: Int) {
        guard step <= lastStep else { return }
        let remaining = Double(lastStep - step + 1)
        let meanDecay = pow(Double(beta1), remaining), varianceDecay = pow(Double(beta2), remaining)
        for i in elements {
            mean[i] = Float(Double(mean[i]) * meanDecay)
            variance[i] = Float(Double(variance[i]) * varianceDecay)
        }
    }

    /// Whether no further zero-gradient step can change the weight of any lane (see `replay`):
    /// a lane is settled when its mean is 0 or `L·|m| < ¼·gap·max(ε, √v)`, with gap = 2^(e−24)
    /// for |w| in [2^e, 2^(e+1)) — at most the distance to the next float toward zero — and 0
    /// for a zero or subnormal w (never settled unless m is 0).
    @inline(__always)
    private func isFrozen(m: SIMD8<Float>, v: SIMD8<Float>, w: SIMD8<Float>) -> Bool {
        typealias V = SIMD8<Float>
        let magnitudeMask = V.MaskStorage(repeating: 0x7FFF_FFFF), exponentMask = V.MaskStorage(repeating: 0x7F80_0000)
        let meanMagnitude = unsafeBitCast(unsafeBitCast(m, to: V.MaskStorage.self) & magnitudeMask, to: V.self)
        let power = unsafeBitCast(unsafeBitCast(w, to: V.MaskStorage.self) & exponentMask, to: V.self)
        let gap = power * 0x1p-24
        let root = v.laneSquareRoot()
        let denominator = root.replacing(with: epsilon, where: .!(root .>= epsilon))
        let settled = (largestRate * meanMagnitude .< 0.25 * gap * denominator) .| (meanMagnitude .== 0)
        return all(settled)
    }
}
