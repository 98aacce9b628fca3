import Foundation

/// The bundled book, read from the repository (tests may use Foundation; TextUI may not).
enum Book {
    static var text: String {
        get throws {
            let root = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return try String(contentsOf: root.appendingPathComponent("Content/leon-trotsky.txt"), encoding: .utf8)
        }
    }
}
