export { TagResource } from './tag-resource.js';
export { UntagResource } from './untag-resource.js';
export { ListResourceTags } from './list-resource-tags.js';
export { TagResources } from './tag-resources.js';
export { UntagResources } from './untag-resources.js';
export { ListTagResources } from './list-tag-resources.js';
