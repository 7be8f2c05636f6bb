/* Runs before Decap's bundle. Decap starts itself as soon as its bundle has run; while
 * editor.js is still loading, config.yml can arrive and the app render with Decap's own `vi`
 * phrases (English where they have none, such as "Add" on a list) and without our widgets.
 * So Decap waits: editor.js starts it once everything of ours is registered. */
window.CMS_MANUAL_INIT = true;
