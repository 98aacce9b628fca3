import Foundation
import Testing

/// A book, its register and its file name may hold escape sequences; the command line shows
/// them as visible text and never sends them to the terminal (JSON keeps them exactly, escaped).
@Suite("Command line: hostile text never reaches the terminal raw")
struct HostileOutputTests {
    static let retitle = "\u{1B}]2;pwned\u{7}"
    static let clear = "\u{1B}[2J"
    static let c1 = "\u{9B}31m"
    static let clipboard = "\u{1B}]52;c;cHduZWQ=\u{7}"

    /// A small book whose heading, text and register carry terminal escapes.
    /// `name` keeps tests that run side by side in directories of their own.
    func hostileBook(_ name: String = #function) throws -> String {
        let directory = try temporaryDirectory("hostile-" + name.filter { $0.isLetter || $0.isNumber })
        let book = directory + "/hostile.txt"
        let text = """
            Hostile \(Self.retitle)Book

            The Kronstadt \(Self.clear)Heading

            Ivan Petrov\(Self.c1) went to Kronstadt with Ivan Petrov in 1921. \(Self.clipboard)

            Primary Sources

            (1) Ivan Petrov, Letter\(Self.clear) (1921)

            Ivan Petrov wrote about Kronstadt.

            """
        try text.write(toFile: book, atomically: true, encoding: .utf8)
        let register = """
            person: ivan-petrov
            name: Ivan \(Self.retitle)Petrov
            aliases: Ivan Petrov; Petrov
            role: sailor \(Self.clear)at Kronstadt

            """
        try register.write(toFile: directory + "/hostile.people", atomically: true, encoding: .utf8)
        return book
    }

    func hasRawEscapes(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || (0x80...0x9F).contains($0.value) }
    }

    @Test(arguments: [["export"], ["people"], ["people", "--suggest"], ["export", "--json"], ["people", "--json"],
                      ["search", "kronstadt"], ["search", "--json", "kronstadt"], ["search", "letter"]])
    func noCommandPrintsTheBooksEscapes(arguments: [String]) throws {
        let book = try hostileBook(arguments.joined(separator: "-"))
        let result = try runIskra(arguments + [book])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!hasRawEscapes(result.stdout))
        #expect(!hasRawEscapes(result.stderr))
    }

    @Test func theOutlineShowsTheEscapesVisibly() throws {
        let result = try runIskra(["export", try hostileBook()])
        #expect(result.stdout.contains("Hostile ^[]2;pwned^GBook"))
        #expect(result.stdout.contains("The Kronstadt ^[[2JHeading"))
    }

    @Test func jsonKeepsTheTextExactly() throws {
        let result = try runIskra(["export", "--json", try hostileBook()])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let document = try #require(object["document"] as? [String: Any])
        #expect(document["title"] as? String == "Hostile \(Self.retitle)Book")
        #expect(result.stdout.contains("\\u001b]2;pwned\\u0007") && result.stdout.contains("\\u009b31m"))
    }

    @Test func errorMessagesQuoteFileNamesSafely() throws {
        let directory = try temporaryDirectory("hostile-name")
        let result = try runIskra(["export", directory + "/missing\(Self.clear).txt"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("missing^[[2J.txt"))
        #expect(!hasRawEscapes(result.stderr))
    }
}
