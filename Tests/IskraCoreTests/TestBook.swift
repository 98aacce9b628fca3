import IskraCore

/// The bundled book, read from this repository (never from outside it).
enum TestBook {
    static let path: String = {
        // #filePath is Tests/IskraCoreTests/TestBook.swift.
        var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)
        return components.joined(separator: "/") + "/Content/leon-trotsky.txt"
    }()

    static let bytes: [UInt8] = try! BookFile.readBytes(path: path)
    static let document: Document = Parser.parse(bytes: bytes, path: path)

    /// The file's lines as a careful reader would number them (1-based, LF-separated).
    static let lines: [String] = {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }()
}
