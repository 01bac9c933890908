"""Reading content/ into frozen objects. Plain Python: never touches the request context.

The dependency runs one way: course (objects) ← loader (parsing) ← checks (rules on the parsed course) ← cache
(load_course: parse, check, keep)."""
