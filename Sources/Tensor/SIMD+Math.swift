// Vector math the standard library leaves scalar, and loads and stores of partial vectors.
//
// `SIMD8<Float>.squareRoot()` in the Swift standard library is an element-by-element loop; on
// x86-64 it compiles to eight `sqrtss` plus calls to `sqrtf` for the error path, which made the
// Adam kernels' square root their most expensive operation. `sqrtps` is IEEE 754's correctly
// rounded square root, so `laneSquareRoot()` returns bit for bit what the scalar loop returns.
import CPrefetch
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// A vector of `Float` lanes (`SIMD4`, `SIMD8`) with a vectorised square
/// root and loads and stores of its first `count` lanes.
public protocol FloatLanes: SIMD where Scalar == Float {
    /// The correctly rounded square root of every lane (IEEE 754 `squareRoot`; NaN for a
    /// negative lane): SSE `sqrtps` on x86-64, the standard library's loop elsewhere.
    func laneSquareRoot() -> Self
}

extension FloatLanes {
    /// The `min(count, scalarCount)` floats at `pointer` in the first lanes, zero in the others
    /// (all zero, reading nothing, when `count` ≤ 0).
    @inlinable @inline(__always)
    public static func load(from pointer: UnsafePointer<Float>, count: Int) -> Self {
        if count >= Self.scalarCount { return UnsafeRawPointer(pointer).loadUnaligned(as: Self.self) }
        var lanes = Self(repeating: 0)
        var k = 0
        while k < count { lanes[k] = pointer[k]; k += 1 }
        return lanes
    }

    /// Writes the first `min(count, scalarCount)` lanes to `pointer` (nothing when `count` ≤ 0).
    @inlinable @inline(__always)
    public func store(to pointer: UnsafeMutablePointer<Float>, count: Int) {
        if count >= Self.scalarCount {
            UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: Self.self)
            return
        }
        var k = 0
        while k < count { pointer[k] = self[k]; k += 1 }
    }
}

extension SIMD4: FloatLanes where Scalar == Float {
    @inlinable @inline(__always)
    public func laneSquareRoot() -> SIMD4<Float> {
        #if arch(x86_64)
        return _mm_sqrt_ps(self)
        #else
        return squareRoot()
        #endif
    }
}

extension SIMD8: FloatLanes where Scalar == Float {
    @inlinable @inline(__always)
    public func laneSquareRoot() -> SIMD8<Float> {
        SIMD8(lowHalf: lowHalf.laneSquareRoot(), highHalf: highHalf.laneSquareRoot())
    }
}

/// Software prefetch of the rows a gather or scatter will reach a few iterations later: the
/// embedding tables (tens of MB) do not fit in cache, and the rows a batch touches are scattered,
/// so without it each row costs a full memory latency.
public enum Prefetch {
    /// Asks for every cache line of `[address, address + byteCount)` ahead of a read (or of a
    /// write when `forWriting`). A hint only: never faults, changes no value.
    @inlinable @inline(__always)
    public static func bytes(_ address: UnsafeRawPointer, count byteCount: Int, forWriting: Bool = false) {
        var offset = 0
        while offset < byteCount {
            factorize_prefetch(address + offset, forWriting ? 1 : 0)
            offset += 64
        }
        if byteCount > 0 { factorize_prefetch(address + (byteCount - 1), forWriting ? 1 : 0) }
    }
}
