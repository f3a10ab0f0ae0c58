import Foundation
import Jupyter
import XCTest

final class WireCodecTests: XCTestCase {
    private func codec(key: String = "secret") throws -> WireCodec {
        WireCodec(signer: try MessageSigner(key: key))
    }

    private func sampleMessage() -> Message {
        Message(identities: [Data([0, 1, 2, 0xff]), Data("client".utf8)],
                header: MessageHeader(msgID: "m1", session: "s1", username: "u", date: "2026-11-30T00:00:00.000000Z",
                                      msgType: "execute_request", version: "5.4", extra: ["subshell_id": .null]),
                parentHeader: ["msg_id": "p0", "msg_type": "kernel_info_request"],
                metadata: ["cellId": "abc"],
                content: ["code": "print('héllo 👍')", "silent": false, "n": 3, "x": 1.5, "list": [1, "two", nil]],
                buffers: [Data([9, 8, 7])])
    }

    func testRoundTripKeepsIdentitiesPartsAndBuffers() throws {
        let codec = try codec()
        let message = sampleMessage()
        let frames = codec.encode(message)
        XCTAssertEqual(Array(frames[0..<2]), message.identities)
        XCTAssertEqual(frames[2], WireCodec.delimiter)
        XCTAssertEqual(frames.count, 2 + 1 + 1 + 4 + 1)
        XCTAssertEqual(String(decoding: frames[3], as: UTF8.self), codec.signer.signature(of: frames[4..<8]))
        XCTAssertEqual(try codec.decode(frames), message)
    }

    func testRoundTripWithoutIdentities() throws {
        let codec = try codec()
        var message = sampleMessage()
        message.identities = []
        message.buffers = []
        let frames = codec.encode(message)
        XCTAssertEqual(frames.first, WireCodec.delimiter)
        XCTAssertEqual(try codec.decode(frames), message)
    }

    /// The header keeps the fields jupyter_client reads, with the protocol version we claim.
    func testHeaderJSON() throws {
        let header = MessageHeader(session: "s", msgType: "status")
        let json = header.json
        XCTAssertEqual(json["version"], "5.3")
        XCTAssertEqual(json["msg_type"], "status")
        XCTAssertEqual(json["msg_id"]?.stringValue?.count, 36)
        let date = try XCTUnwrap(json["date"]?.stringValue)
        XCTAssertNotNil(date.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"#, options: .regularExpression), date)
    }

    func testBadSignatureRejected() throws {
        let frames = try codec(key: "other key").encode(sampleMessage())
        XCTAssertThrowsError(try codec().decode(frames)) { XCTAssertEqual($0 as? WireError, .badSignature) }
    }

    func testTamperedContentRejected() throws {
        let codec = try codec()
        var frames = codec.encode(sampleMessage())
        frames[7] = Data(#"{"code":"rm -rf"}"#.utf8)
        XCTAssertThrowsError(try codec.decode(frames)) { XCTAssertEqual($0 as? WireError, .badSignature) }
    }

    func testMissingDelimiterRejected() throws {
        let codec = try codec()
        let frames = codec.encode(sampleMessage()).filter { $0 != WireCodec.delimiter }
        XCTAssertThrowsError(try codec.decode(frames)) { XCTAssertEqual($0 as? WireError, .missingDelimiter) }
        XCTAssertThrowsError(try codec.decode([])) { XCTAssertEqual($0 as? WireError, .missingDelimiter) }
    }

    func testMissingFramesRejected() throws {
        let codec = try codec()
        let frames = Array(codec.encode(sampleMessage()).prefix(6))  // identities, delimiter, signature, header, parent
        XCTAssertThrowsError(try codec.decode(frames)) { XCTAssertEqual($0 as? WireError, .missingFrames(found: 3)) }
    }

    /// Invalid JSON that is correctly signed (a buggy client) is rejected, naming the frame.
    func testInvalidJSONRejected() throws {
        let codec = try codec()
        let parts = [Data(#"{"msg_id":"1","msg_type":"x"}"#.utf8), Data("{}".utf8), Data("{}".utf8), Data("{not json".utf8)]
        let frames = [WireCodec.delimiter, Data(codec.signer.signature(of: parts).utf8)] + parts
        XCTAssertThrowsError(try codec.decode(frames)) { XCTAssertEqual($0 as? WireError, .invalidJSON("content")) }

        let arrayContent = Array(parts.prefix(3)) + [Data("[1]".utf8)]
        let frames2 = [WireCodec.delimiter, Data(codec.signer.signature(of: arrayContent).utf8)] + arrayContent
        XCTAssertThrowsError(try codec.decode(frames2)) { XCTAssertEqual($0 as? WireError, .invalidJSON("content")) }
    }

    func testHeaderWithoutMsgTypeRejected() throws {
        let codec = try codec()
        let parts = [Data(#"{"msg_id":"1"}"#.utf8), Data("{}".utf8), Data("{}".utf8), Data("{}".utf8)]
        let frames = [WireCodec.delimiter, Data(codec.signer.signature(of: parts).utf8)] + parts
        XCTAssertThrowsError(try codec.decode(frames)) {
            XCTAssertEqual($0 as? WireError, .invalidHeader("missing msg_type"))
        }
    }

    func testJSONValueParsingAndSerialization() throws {
        let value = try JSONValue(parsing: #"{"a": [1, 2.5, true, null, "x/y"], "b": {"c": -7}}"#)
        XCTAssertEqual(value, ["a": [1, 2.5, true, nil, "x/y"], "b": ["c": -7]])
        XCTAssertEqual(value.jsonText, #"{"a":[1,2.5,true,null,"x/y"],"b":{"c":-7}}"#)
        XCTAssertEqual(JSONValue.double(.nan).jsonText, "null")
        XCTAssertThrowsError(try JSONValue(parsing: "{"))
    }
}
