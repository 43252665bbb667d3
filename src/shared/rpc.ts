// The contract between the sidebar and the server: JSON-safe types of every google.script.run call.
// No Date objects: google.script.run turns them into null, so times travel as ISO strings.
export {};
