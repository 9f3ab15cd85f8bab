<?php

declare(strict_types=1);

namespace OoJwt;

/**
 * The `status` of a Docs callback, with Docs' meanings. A number Docs may add later is not a case:
 * Callback::$status keeps it as the plain int.
 *
 *   if ($callback->status === CallbackStatus::ReadyForSaving) { save($callback->url); }
 */
enum CallbackStatus: int
{
    /** The document is being edited (a user connected or disconnected). */
    case Editing = 1;
    /** Every editor closed it: `url` holds the document to save. */
    case ReadyForSaving = 2;
    /** Saving failed. */
    case SaveError = 3;
    /** Closed without changes. */
    case ClosedNoChanges = 4;
    /** Force-saved while still open: `url` holds the current state. */
    case ForceSave = 6;
    /** Force saving failed. */
    case ForceSaveError = 7;
}
