<?php

declare(strict_types=1);

namespace OoJwt;

/**
 * What started a force save (`forcesavetype` of a status-6/7 callback). An unknown number stays a
 * plain int in Callback::$forceSaveType.
 *
 *   $fromButton = $callback->forceSaveType === ForceSaveType::Button;
 */
enum ForceSaveType: int
{
    /** The `forcesave` command of the command service. */
    case Command = 0;
    /** The force-save button in the editor. */
    case Button = 1;
    /** The server's timer (`autoAssembly`). */
    case Timer = 2;
    /** A form was submitted. */
    case FormSubmission = 3;
}
