/**
 * Every README picture, in the order README shows them. A picture is a function returning a
 * Picture (picture.ts): to add one, write its function beside these and list it here; the
 * generator, its freshness test and README's check pick it up from this list.
 */
import type { Picture } from "./picture";
import { prCommentPicture } from "./prCommentPicture";
import { simulationTimelinePicture } from "./simulationTimelinePicture";
import { weeklyChartPicture } from "./weeklyChartPicture";

export const PICTURES: readonly (() => Picture)[] = [simulationTimelinePicture, prCommentPicture, weeklyChartPicture];
