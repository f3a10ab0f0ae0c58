import Foundation
import Jupyter
import XCTest

final class MessageSignerTests: XCTestCase {
    /// RFC 4231 test case 2 (key "Jefe"), with the data split over four frames: the HMAC covers
    /// the concatenation of the frames.
    func testRFC4231VectorOverFourFrames() throws {
        let signer = try MessageSigner(key: "Jefe")
        let frames = ["what do ", "ya want ", "for ", "nothing?"].map { Data($0.utf8) }
        XCTAssertEqual(signer.signature(of: frames),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    /// The signature jupyter_client 8.10's `Session.sign` computes for these four frames.
    func testMatchesJupyterClientSession() throws {
        let signer = try MessageSigner(key: "a0436f6c-1916-498b-8eb9-e81ab9368e84", scheme: "hmac-sha256")
        let header = #"{"msg_id":"1","msg_type":"kernel_info_request","session":"s","username":"u","date":"2026-11-30T00:00:00.000000Z","version":"5.4"}"#
        let frames = [header, "{}", "{}", "{}"].map { Data($0.utf8) }
        let expected = "086f275ef3a8c93987a8982b575639e4cd4ae0d698cac4a08a6204de1ca8eea3"
        XCTAssertEqual(signer.signature(of: frames), expected)
        XCTAssertTrue(signer.verify(signature: Data(expected.utf8), frames: frames))
        var wrong = Array(expected.utf8)
        wrong[wrong.count - 1] = UInt8(ascii: "4")
        XCTAssertFalse(signer.verify(signature: Data(wrong), frames: frames))
        XCTAssertFalse(signer.verify(signature: Data(expected.utf8.dropLast()), frames: frames))
        XCTAssertFalse(signer.verify(signature: Data(), frames: frames))
    }

    func testSHA512Scheme() throws {
        let signer = try MessageSigner(key: "k", scheme: "hmac-sha512")
        let signature = signer.signature(of: [Data(), Data(), Data(), Data()])
        XCTAssertEqual(signature.count, 128)
        XCTAssertTrue(signature.hasPrefix("893ccbf5d0b335fcda6f"))  // Python hmac.new(b"k", b"", sha512)
    }

    func testEmptyKeyDisablesSigning() throws {
        let signer = try MessageSigner(key: "")
        XCTAssertFalse(signer.isSigning)
        XCTAssertEqual(signer.signature(of: [Data("{}".utf8)]), "")
        XCTAssertTrue(signer.verify(signature: Data("anything".utf8), frames: [Data()]))
    }

    func testUnsupportedSchemeThrows() {
        XCTAssertThrowsError(try MessageSigner(key: "k", scheme: "hmac-md4")) { error in
            XCTAssertEqual(error as? KernelError, .unsupportedSignatureScheme("hmac-md4"))
        }
    }

    func testConstantTimeEqual() {
        XCTAssertTrue(MessageSigner.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        XCTAssertFalse(MessageSigner.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(MessageSigner.constantTimeEqual([1, 2, 3], [1, 2]))
    }
}
