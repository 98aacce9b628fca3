#if canImport(Glibc)
import Glibc
#endif
import IskraCore

/// Where the bundled book lives: beside an installed binary (`PREFIX/share/iskra`), or in the
/// source tree the binary was built from. See DECISIONS.md.
enum BundledContent {
    static let bookFileName = "leon-trotsky.txt"

    static func directory() -> String {
        if let override = getenv("ISKRA_CONTENT") { return String(cString: override) }
        if let executable = executablePath() {
            let binDirectory = parent(executable)
            let installed = parent(binDirectory) + "/share/iskra"
            if exists(installed + "/" + bookFileName) { return installed }
        }
        // #filePath is Sources/iskra/Loading.swift in the tree this binary was built from.
        return parent(parent(parent(#filePath))) + "/Content"
    }

    static var bookPath: String { directory() + "/" + bookFileName }

    static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}

/// Reads FILE, or the bundled book when none is given. Errors carry a one-line message.
func loadDocument(_ file: String?) throws(BookFileError) -> Document {
    try BookFile.load(path: file ?? BundledContent.bookPath)
}

/// A command's book read and parsed (a failure ends the command with its message), and its
/// place in the cache, where what is derived from it is read or stored (nil with --no-cache).
func loadDocument(_ argument: BookArgument) -> (document: Document, cached: CachedBook?) {
    do {
        let parsed = try BookLoader.parse(path: argument.file ?? BundledContent.bookPath, cache: argument.openCache(), identifying: false,
                                          progress: { _, _ in })
        return (parsed.document, parsed.cached)
    } catch { fail(error.description) }
}

/// The book as the explorer reads it: with its register (or people proposed), the people
/// from the cache when they are there.
func loadBook(_ argument: BookArgument) -> (book: Book, cached: CachedBook?) {
    let (document, cached) = loadDocument(argument)
    let prepared = loadRegisterOrFail(for: argument.file).map(PreparedRegister.init)
    return (cached.book(document: document, prepared: prepared), cached)
}

/// Once a command has its output: why a part could not be cached, if one could not (once).
func sayCacheProblem(_ cached: CachedBook?) {
    if let problem = cached?.takeProblem() { printError("iskra: " + problem) }
}
