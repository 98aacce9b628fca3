import Foundation
import Testing

/// Books as other systems write them (old Mac CR line ends, Windows CRLF, UTF-16 with a BOM),
/// a book that is one long line, and inputs that are not books at all, on the command line and
/// in the explorer.
@Suite("Line endings, encodings and long lines", .serialized)
struct LineEndingsCommandLineTests {
    static let book = try! Data(contentsOf: URL(fileURLWithPath: Repo.book))

    /// Writes `data` to NAME in a temporary directory; returns its path.
    static func write(_ data: Data, _ name: String) throws -> String {
        let path = try temporaryDirectory("lines-\(name)") + "/" + name
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    static func replacingLineFeeds(with ending: [UInt8]) -> Data {
        var out = Data()
        out.reserveCapacity(book.count * 2)
        for byte in book {
            if byte == 0x0A { out.append(contentsOf: ending) } else { out.append(byte) }
        }
        return out
    }

    static func utf16(bigEndian: Bool) -> Data {
        let text = String(decoding: book, as: UTF8.self)
        var out = Data(bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE])
        for unit in text.utf16 {
            out.append(contentsOf: bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)])
        }
        return out
    }

    /// The same command on the bundled book and on `path`: the same output (the JSON's path aside).
    func expectSameOutput(_ arguments: [String], _ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try runIskra(arguments + [Repo.book])
        let actual = try runIskra(arguments + [path])
        #expect(actual.status == expected.status, sourceLocation: sourceLocation)
        #expect(actual.stdout.replacingOccurrences(of: path, with: Repo.book) == expected.stdout,
                "\(arguments) differs", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["cr", "crlf"])
    func oldMacAndWindowsLineEndsReadAsTheBook(ending: String) throws {
        let path = try Self.write(Self.replacingLineFeeds(with: ending == "cr" ? [0x0D] : [0x0D, 0x0A]), "book-\(ending).txt")
        // The register beside it, as the bundled book has one.
        try Data(contentsOf: URL(fileURLWithPath: Repo.root + "/Content/leon-trotsky.people"))
            .write(to: URL(fileURLWithPath: String(path.dropLast(3)) + "people"))
        // Same hits at the same lines and columns, same model, same people.
        try expectSameOutput(["search", "the"], path)
        try expectSameOutput(["search", "--json", "kronstadt"], path)
        try expectSameOutput(["people", "--json"], path)
        let export = try runIskra(["export", "--json", path])
        let expected = try runIskra(["export", "--json", Repo.book])
        #expect(export.stdout.replacingOccurrences(of: path, with: Repo.book) == expected.stdout)
        #expect(export.stderr.isEmpty)
    }

    @Test(arguments: [false, true])
    func utf16IsDecodedAndSaidSo(bigEndian: Bool) throws {
        let path = try Self.write(Self.utf16(bigEndian: bigEndian), "book-utf16\(bigEndian ? "be" : "le").txt")
        try expectSameOutput(["search", "Kronstadt"], path)
        try expectSameOutput(["search", "--json", "émigré"], path)
        try expectSameOutput(["export"], path)
        let export = try runIskra(["export", "--json", path])
        #expect(export.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        #expect(warnings.count == 1)
        #expect((warnings.first?["message"] as? String)?.contains("UTF-16 (\(bigEndian ? "big" : "little")-endian)") == true)
    }

    @Test func aBookOnOneLineIsSearchedAndExported() throws {
        // About 2 MB of the book's words with no line break: one paragraph on line 1.
        let words = String(decoding: Self.book, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == " " })
            .joined(separator: " ")
        var text = ""
        for _ in 0 ..< 11 { text += words + " " }
        let path = try Self.write(Data(text.utf8), "one-line.txt")
        let count = try runIskra(["search", "--count", "kronstadt", path])
        let bookCount = try runIskra(["search", "--count", "kronstadt"])
        #expect(count.status == 0)
        #expect(Int(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == 11 * Int(bookCount.stdout.trimmingCharacters(in: .whitespacesAndNewlines))!)
        let hits = try runIskra(["search", "--width", "40", "Kronstadt", path])
        #expect(hits.status == 0)
        var lastColumn = 0
        for line in hits.stdout.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 3)
            #expect(parts[0] == "1")
            let column = Int(parts[1])!
            #expect(column > lastColumn)
            lastColumn = column
            #expect(parts[2] == " Opening")
            #expect(line.contains("Kronstadt"))
        }
        let json = try runIskra(["search", "--json", "trotsky", path])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.allSatisfy { ($0["text"] as? String)?.lowercased() == "trotsky" })
        let people = try runIskra(["people", path])
        #expect(people.status == 0 && people.stdout.contains("Leon Trotsky"))
        let export = try runIskra(["export", "--json", path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        let chapters = try #require(object["chapters"] as? [[String: Any]])
        let paragraphs = try #require(chapters.first?["paragraphs"] as? [[String: Any]])
        #expect(chapters.count == 1 && paragraphs.count == 1)
        #expect((paragraphs[0]["text"] as? String)?.count == text.dropLast().count)
    }

    @Test func devicesAreRefusedAtOnceAndPipesAreRead() throws {
        let search = try runIskra(["search", "the", "/dev/zero"])
        #expect(search.status == 2)
        #expect(search.stderr == "iskra: /dev/zero: is a character device (a terminal, /dev/zero...), not a file\n")
        #expect(try runIskra(["export", "/dev/zero"]).status == 1)
        let piped = try runIskra(["search", "--count", "kronstadt", "/dev/stdin"],
                                 prefix: ["/bin/sh", "-c", "cat \"\(Repo.book)\" | \"$0\" \"$@\""])
        #expect(piped.status == 0)
        #expect(piped.stdout == (try runIskra(["search", "--count", "kronstadt"])).stdout)
    }

    @Test func theExplorerSaysHowTheBookWasDecoded() throws {
        let utf16 = try Self.write(Self.utf16(bigEndian: false), "book-utf16.txt")
        let tmux = try TmuxSession(command: Repo.binary + " " + utf16)
        let screen = try tmux.waitForAll(["Read as UTF-16 (little-endian)", "Chapters  People"])
        #expect(!screen.contains("^@"))
        try tmux.send("j")
        try tmux.waitUntil("the notice to go") { !$0.contains("Read as UTF-16") }
        try tmux.send("q")
        #expect(try tmux.waitForExit().status == 0)

        var broken = Self.book
        broken.insert(0xFF, at: broken.firstRange(of: Data("Yanovka".utf8))!.lowerBound)
        let path = try Self.write(broken, "book-broken.txt")
        let second = try TmuxSession(command: Repo.binary + " " + path)
        try second.waitFor("1 line has bytes that are not UTF-8: shown as \u{FFFD}")
        try second.send("q")
        #expect(try second.waitForExit().status == 0)
    }
}
