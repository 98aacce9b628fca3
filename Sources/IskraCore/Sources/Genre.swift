// What kind of document a primary source is, from the words of its header: what the header
// says ("letter to", "in his autobiography", "interviewed by", "wrote an article") or clearly
// implies (a newspaper's name, "Memoirs of ..." as the title). Otherwise nil: unknown.

public enum Genre: String, CaseIterable, Sendable {
    case letter, telegram
    /// Addressed to someone ("Lenin to Leon Trotsky ...") without saying in what form.
    case message
    case speech, interview, statement, order, diary
    case trialRecord = "trial record"
    case poem, report, article
    case autobiography, memoir, encyclopaedia, newspaper, pamphlet, book

    /// "trial record", "letter": the word shown to readers.
    public var name: String { rawValue }

    /// Header words that say the genre, lower case. A genre stated in lower-case words of the
    /// header counts; in a capitalised title only the words of `titleWords` do ("Memoirs of a
    /// Revolutionary" is a memoir, "The Trial of the Seventeen" is not a trial record).
    static let cues: [String: Genre] = [
        "letter": .letter, "letters": .letter, "telegram": .telegram, "cable": .telegram,
        "message": .message,
        "speech": .speech, "lecture": .speech, "sermon": .speech,
        "interview": .interview, "interviewed": .interview,
        "statement": .statement, "declaration": .statement, "proclamation": .statement,
        "order": .order, "orders": .order, "decree": .order,
        "diary": .diary, "diaries": .diary,
        "testimony": .trialRecord, "transcript": .trialRecord,
        "poem": .poem, "report": .report, "article": .article, "editorial": .article, "essay": .article,
        "autobiography": .autobiography, "memoir": .memoir, "memoirs": .memoir,
        "encyclopaedia": .encyclopaedia, "encyclopedia": .encyclopaedia,
        "newspaper": .newspaper, "pamphlet": .pamphlet, "book": .book,
    ]

    /// Capitalised words of a title that name its genre.
    static let titleWords: [String: Genre] = [
        "autobiography": .autobiography, "memoirs": .memoir, "memoir": .memoir, "diary": .diary,
        "diaries": .diary, "letters": .letter, "encyclopaedia": .encyclopaedia, "encyclopedia": .encyclopaedia,
        "speeches": .speech, "testimony": .trialRecord,
    ]

    /// Words that make a capitalised name a newspaper's ("The Daily News", "St. Louis
    /// Post-Dispatch", "Manchester Guardian").
    static let newspaperWords: Set<String> = [
        "daily", "times", "news", "post", "guardian", "telegraph", "herald", "tribune", "gazette",
        "chronicle", "observer", "courier", "dispatch", "mail", "express", "mirror",
        "inquirer", "sentinel", "bulletin", "weekly",
    ]

    /// When several genres are stated, the most specific wins: a letter or a speech, then the
    /// kind of book, then the newspaper it appeared in, then a plain book.
    var specificity: Int {
        switch self {
        case .letter, .telegram, .speech, .interview, .statement, .order, .diary, .trialRecord, .poem, .report, .article:
            return 4
        case .message: return 3
        case .autobiography, .memoir, .encyclopaedia: return 2
        case .newspaper: return 1
        case .pamphlet, .book: return 0
        }
    }
}
