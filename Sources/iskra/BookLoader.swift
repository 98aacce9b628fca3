import Dispatch
import Explorer
import IskraCore
import Synchronization

/// Reads, parses and prepares a book on a background thread, so that the terminal stays live
/// (a progress screen, q and Ctrl-C, resizes) while a large book loads. The parser is pure and
/// `Book` is Sendable: the only shared state is the progress counter and the result.
final class BookLoader: Sendable {
    let path: String
    let register: PeopleRegister?
    /// Bytes of the file handled so far, and the file's size (0 until it is read).
    private let bytesDone = Atomic<Int>(0)
    private let bytesTotal = Atomic<Int>(0)
    private let outcome = Mutex<Result<LoadedBook, BookFileError>?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    init(path: String, register: PeopleRegister?) {
        self.path = path
        self.register = register
    }

    /// Starts loading on a global queue; returns at once.
    func start() {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let result = Result { () throws(BookFileError) -> LoadedBook in
                try BookLoader.load(path: path, register: register) { done, total in
                    bytesTotal.store(total, ordering: .relaxed)
                    bytesDone.store(done, ordering: .relaxed)
                }
            }
            outcome.withLock { $0 = result }
            finished.signal()
        }
    }

    /// How far loading is, 0...1 (parsing counts for most of it; preparing the book the rest).
    var fraction: Double {
        let total = bytesTotal.load(ordering: .relaxed)
        guard total > 0 else { return 0 }
        return min(1, Double(bytesDone.load(ordering: .relaxed)) / Double(total))
    }

    /// The result, waiting up to `milliseconds` for it; nil while still loading.
    func result(waitingMilliseconds milliseconds: Int) -> Result<LoadedBook, BookFileError>? {
        if let done = outcome.withLock({ $0 }) { return done }
        guard milliseconds > 0, finished.wait(timeout: .now() + .milliseconds(milliseconds)) == .success else {
            return outcome.withLock { $0 }
        }
        finished.signal() // leave the semaphore signalled for any later wait
        return outcome.withLock { $0 }
    }

    /// Read, parse and prepare, reporting progress as (work done, total work) in bytes of the
    /// file: parsing is the first 90%, preparing the book's units the rest.
    static func load(path: String, register: PeopleRegister?,
                     progress: (Int, Int) -> Void = { _, _ in }) throws(BookFileError) -> LoadedBook {
        // The bytes are released once parsed (they live only inside parse(path:progress:)).
        let (document, total, identity) = try parse(path: path, progress: progress)
        let book = Book(document: document, register: register)
        progress(total, total)
        return LoadedBook(book: book, identity: identity)
    }

    private static func parse(path: String, progress: (Int, Int) -> Void) throws(BookFileError)
        -> (Document, Int, BookIdentity) {
        let bytes = try BookFile.readBytes(path: path)
        let identity = BookIdentity(bytes: bytes, path: path)
        let total = max(1, bytes.count)
        let parseShare = total / 10 * 9
        progress(0, total)
        let document = Parser.parse(bytes: bytes, path: path) { done in
            progress(Int(Double(done) / Double(total) * Double(parseShare)), total)
        }
        progress(parseShare, total)
        return (document, total, identity)
    }
}

/// A prepared book and the identity its saved state is filed under.
struct LoadedBook: Sendable {
    let book: Book
    let identity: BookIdentity
}
