// The exponential of eight floats at once. The standard library (and glibc's `expf`) work one
// float at a time; softmax over a batch of 25,000 × 10 class scores spent most of its time there.
//
// The method is the classic single-precision one (as in Cephes' `expf`): x = n·ln 2 + r with n an
// integer and |r| ≤ ln 2 / 2 (ln 2 split in two parts so that r is exact), e^r from a degree-6
// polynomial, and 2^n written straight into the exponent bits (as two factors, so that n = 128
// does not overflow the exponent field before the multiplication).

extension SIMD8 where Scalar == Float {
    /// `e^x` in every lane, within about 2 ulp of the correctly rounded value for results from
    /// `Float.leastNormalMagnitude` up to `Float.greatestFiniteMagnitude`; 0 below that range
    /// (x < −87.336, where `expf` would give a subnormal), +∞ above x = 88.7228, NaN for NaN.
    @inlinable @inline(__always)
    public func laneExp() -> SIMD8<Float> {
        let lowest: Float = -87.336_544, highest: Float = 88.722_83
        let x = replacing(with: 0, where: .!(self .>= lowest) .| .!(self .<= highest))
        // n = round(x / ln 2): adding 1.5 · 2^23 rounds to an integer (to nearest, ties to even)
        // and leaves that integer in the low bits of the sum.
        let magic: Float = 12_582_912
        let shifted = SIMD8(repeating: magic).addingProduct(x, SIMD8(repeating: 1.442_695_04))
        let n = shifted - magic
        let exponent = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- SIMD8<Int32>(repeating: Int32(bitPattern: magic.bitPattern))
        let r = x.addingProduct(n, SIMD8(repeating: -0.693_359_375)).addingProduct(n, SIMD8(repeating: 2.121_944_4e-4))
        @inline(__always) func step(_ p: SIMD8<Float>, _ coefficient: Float) -> SIMD8<Float> {
            SIMD8(repeating: coefficient).addingProduct(p, r)
        }
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = step(p, 1.398_199_950_7e-3)
        p = step(p, 8.333_451_907_3e-3)
        p = step(p, 4.166_579_589_4e-2)
        p = step(p, 1.666_666_545_9e-1)
        p = step(p, 5.000_000_120_1e-1)
        let unscaled = (r + 1).addingProduct(p, r * r)
        let half = exponent &>> 1
        let scale1 = unsafeBitCast((half &+ 127) &<< 23, to: SIMD8<Float>.self)
        let scale2 = unsafeBitCast((exponent &- half &+ 127) &<< 23, to: SIMD8<Float>.self)
        var result = unscaled * scale1 * scale2
        result.replace(with: 0, where: self .< lowest)
        result.replace(with: .infinity, where: self .> highest)
        result.replace(with: self, where: self .!= self)
        return result
    }
}

/// Elementwise math over float buffers, eight lanes at a time.
public enum VectorMath {
    /// Replaces each of the `count` floats at `values` by its exponential (`laneExp`).
    public static func exponentiate(_ values: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let address = UnsafeMutableRawPointer(values + i)
            address.storeBytes(of: address.loadUnaligned(as: SIMD8<Float>.self).laneExp(), as: SIMD8<Float>.self)
            i += 8
        }
        if i < count {
            SIMD8<Float>.load(from: values + i, count: count - i).laneExp().store(to: values + i, count: count - i)
        }
    }
}
