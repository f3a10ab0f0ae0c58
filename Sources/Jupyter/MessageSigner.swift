@preconcurrency import Crypto
import Foundation

/// Signs and verifies Jupyter messages: the signature is the lowercase hex HMAC of the serialized
/// header, parent header, metadata and content frames, in that order ("Messaging in Jupyter",
/// *The wire protocol*). Buffers are not signed. An empty key disables signing: the signature is
/// `""` and every message verifies (as jupyter_client does).
public struct MessageSigner: Sendable {
    private enum Hash: Sendable { case sha256, sha384, sha512 }

    private let key: SymmetricKey?
    private let hash: Hash

    /// - Parameters:
    ///   - key: the connection file's `key` (its UTF-8 bytes are the HMAC key).
    ///   - scheme: `hmac-sha256` (the default everywhere), `hmac-sha384` or `hmac-sha512`.
    /// - Throws: `KernelError.unsupportedSignatureScheme` for any other scheme.
    public init(key: String, scheme: String = "hmac-sha256") throws {
        switch scheme.lowercased() {
        case "hmac-sha256": hash = .sha256
        case "hmac-sha384": hash = .sha384
        case "hmac-sha512": hash = .sha512
        default: throw KernelError.unsupportedSignatureScheme(scheme)
        }
        self.key = key.isEmpty ? nil : SymmetricKey(data: Data(key.utf8))
    }

    /// Whether messages are signed (the key is not empty).
    public var isSigning: Bool { key != nil }

    /// The lowercase hex HMAC over `frames` (header, parent header, metadata, content, as sent);
    /// `""` when the key is empty.
    public func signature<Frames: Sequence>(of frames: Frames) -> String where Frames.Element == Data {
        guard let key else { return "" }
        switch hash {
        case .sha256: return Self.hex(Self.mac(HMAC<SHA256>.self, key: key, frames: frames))
        case .sha384: return Self.hex(Self.mac(HMAC<SHA384>.self, key: key, frames: frames))
        case .sha512: return Self.hex(Self.mac(HMAC<SHA512>.self, key: key, frames: frames))
        }
    }

    /// Whether `signature` (as received, hex) is the HMAC of `frames`. The comparison takes the
    /// same time wherever the first difference is (no timing oracle). Always true when the key
    /// is empty.
    public func verify<Frames: Sequence>(signature: Data, frames: Frames) -> Bool where Frames.Element == Data {
        guard key != nil else { return true }
        let expected = Array(self.signature(of: frames).utf8)
        return Self.constantTimeEqual(expected, Array(signature))
    }

    /// Compares two byte strings in time that depends only on their lengths.
    public static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<lhs.count { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    private static func mac<H: HashFunction, Frames: Sequence>(
        _: HMAC<H>.Type, key: SymmetricKey, frames: Frames
    ) -> [UInt8] where Frames.Element == Data {
        var hmac = HMAC<H>(key: key)
        for frame in frames { hmac.update(data: frame) }
        return Array(hmac.finalize())
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func hex(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
